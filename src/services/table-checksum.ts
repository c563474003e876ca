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
 * sha256 over a table's rows in primary-key order: first the sorted column names, then each row as one line,
 * the JSON of its normalised values in that column order, so that SQLite and PostgreSQL agree. The order is
 * the key's by value (text by code point, numbers by number), which is SQLite's own and PostgreSQL's under
 * `collate "C"`, not a database's collation: PostgreSQL's may ignore punctuation. Lines stream into the hash
 * a megabyte at a time; rows that come out of that order make the checksum incomplete: read the table again
 * in code point order.
 */
export class TableChecksum {
  private readonly hash = createHash('sha256');
  private columns: string[] | undefined;
  private lastKey: unknown[] | undefined;
  private pending = '';
  private isInOrder = true;
  rows = 0;

  constructor(
    readonly table: string,
    private readonly keyColumns: readonly string[],
    /** What `count(*)` answered: a read that saw a different number of rows is itself a failure. */
    readonly countedRows: number,
  ) {}

  /** False when the rows came out of key order: read the table again in code point order. */
  get isComplete(): boolean {
    return this.isInOrder;
  }

  add(row: Row): void {
    this.rows += 1;
    if (!this.isInOrder) return;
    const key = this.keyColumns.map((column) => normaliseValue(row[column]));
    if (this.lastKey !== undefined && compareKeys(this.lastKey, key) >= 0) {
      this.isInOrder = false;
      return;
    }
    this.lastKey = key;
    // Every row of one read has the same columns.
    if (this.columns === undefined) {
      this.columns = Object.keys(row).sort();
      this.pending += `${JSON.stringify(this.columns)}\n`;
    }
    this.pending += `${JSON.stringify(this.columns.map((column) => normaliseValue(row[column])))}\n`;
    if (this.pending.length >= pendingCharacters) this.flush();
  }

  digest(): string {
    if (!this.isInOrder)
      throw new Error(`the rows of ${this.table} came out of key order: read it again in code point order`);
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    this.hash.update(this.pending);
    this.pending = '';
  }
}

/** One hash update per megabyte or so of rows: an update per row cost more than the hashing itself. */
const pendingCharacters = 1 << 20;

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/** null, then numbers by value, then text by code point, then anything else by its JSON. */
function compareValues(x: unknown, y: unknown): number {
  const rank = (v: unknown) => (v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (rank(x) === 2) return compareCodePoints(x as string, y as string);
  const [p, q] = rank(x) === 3 ? [JSON.stringify(x), JSON.stringify(y)] : [x as number, y as number];
  return p === q ? 0 : p! < q! ? -1 : 1;
}

/** JavaScript's `<` compares UTF-16 code units: a code point above U+FFFF (a surrogate pair) sorts before U+E000–U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  if (i === length) return a.length - b.length;
  return codePointRank(a.charCodeAt(i)) - codePointRank(b.charCodeAt(i));
}

/** Surrogates (D800–DFFF) move above E000–FFFF, which move down to make room; the order within each stays. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit < 0xe000) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

function normaliseValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : { bigint: value.toString() };
  if (typeof value === 'number') return Number.isFinite(value) ? value : { number: String(value) };
  if (typeof value === 'boolean') return value ? 1 : 0; // booleans are stored as 0/1
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  return value;
}

export function compareDatabases(
  source: TableChecksum[],
  target: TableChecksum[],
  isCommitted: boolean,
): DatabaseCopyReport {
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
