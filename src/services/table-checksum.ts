// Per-table checksums that SQLite and PostgreSQL agree on, and the comparison of two databases by them.
import { createHash } from 'node:crypto';

type Row = Record<string, unknown>;

export type TableVerification = {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  isEqual: boolean;
};

export type DatabaseCopyReport = {
  /** True when every table matched and the copy was committed; a mismatch rolls the copy back. */
  isCommitted: boolean;
  tables: TableVerification[];
  rows: number;
};

/**
 * sha256 over the digests of a table's rows in primary-key order, each row hashed as JSON of its normalised
 * values by column name so that SQLite and PostgreSQL agree. The order is the key's by value (text by code
 * unit, numbers by number), not a database's collation: PostgreSQL's may ignore punctuation. Rows usually
 * arrive in that order and stream into the hash; if they do not, the table is read again with `isSorting`,
 * which keeps every row's key and digest in memory and sorts them.
 */
export class TableChecksum {
  private readonly hash = createHash('sha256');
  private readonly entries: { key: unknown[]; digest: Buffer }[] = [];
  private lastKey: unknown[] | undefined;
  private isInOrder = true;
  rows = 0;

  constructor(
    readonly table: string,
    private readonly keyColumns: readonly string[],
    /** What `count(*)` answered: a read that saw a different number of rows is itself a failure. */
    readonly countedRows: number,
    private readonly isSorting = false,
  ) {}

  /** False when the rows came out of key order without `isSorting`: read the table again with it. */
  get isComplete(): boolean {
    return this.isSorting || this.isInOrder;
  }

  add(row: Row): void {
    this.rows += 1;
    const key = this.keyColumns.map((column) => normaliseValue(row[column]));
    const columns = Object.keys(row).sort();
    const digest = createHash('sha256')
      .update(JSON.stringify(columns.map((column) => [column, normaliseValue(row[column])])))
      .digest();
    if (this.isSorting) {
      this.entries.push({ key, digest });
    } else if (this.isInOrder && (this.lastKey === undefined || compareKeys(this.lastKey, key) < 0)) {
      this.hash.update(digest);
      this.lastKey = key;
    } else {
      this.isInOrder = false;
    }
  }

  digest(): string {
    if (!this.isComplete) throw new Error(`the rows of ${this.table} came out of key order: read it again sorting`);
    for (const entry of this.entries.sort((a, b) => compareKeys(a.key, b.key))) this.hash.update(entry.digest);
    return this.hash.digest('hex');
  }
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/** null, then numbers by value, then text by code unit, then anything else by its JSON. */
function compareValues(x: unknown, y: unknown): number {
  const rank = (v: unknown) => (v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  const [p, q] = rank(x) === 3 ? [JSON.stringify(x), JSON.stringify(y)] : [x as number | string, y as number | string];
  return p === q ? 0 : p! < q! ? -1 : 1;
}

function normaliseValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : { bigint: value.toString() };
  if (typeof value === 'number') return Number.isFinite(value) ? value : { number: String(value) };
  if (typeof value === 'boolean') return value ? 1 : 0; // booleans are stored as 0/1
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  return value;
}

export function compareDatabases(source: TableChecksum[], target: TableChecksum[], isCommitted: boolean): DatabaseCopyReport {
  const tables = source.map((s, i) => compareTables(s, target[i]!));
  return { isCommitted, tables, rows: tables.reduce((sum, t) => sum + t.sourceRows, 0) };
}

function compareTables(source: TableChecksum, target: TableChecksum): TableVerification {
  const [sourceChecksum, targetChecksum] = [source.digest(), target.digest()];
  const isEachReadComplete = source.rows === source.countedRows && target.rows === target.countedRows;
  return {
    table: source.table,
    sourceRows: source.countedRows,
    targetRows: target.countedRows,
    sourceChecksum,
    targetChecksum,
    isEqual: isEachReadComplete && source.countedRows === target.countedRows && sourceChecksum === targetChecksum,
  };
}

