// Copies a whole Testata database to another (SQLite ⇄ PostgreSQL) in one target transaction, verifying row
// counts and per-table checksums before it commits; and backs up the live SQLite file while it is in use.
import fs from 'node:fs';
import path from 'node:path';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { DatabaseLocation } from '../storage/database.ts';
import type { CopiedTable, TableCopier } from '../storage/table-copier.ts';
import { compareDatabases, TableChecksum, type DatabaseCopyReport, type TableVerification } from './table-checksum.ts';

export type { DatabaseCopyReport, DatabaseLocation, TableVerification };

type Table = CopiedTable;
type Row = Record<string, unknown>;

export type DatabaseCopyProgress = {
  phase: 'copying' | 'verifying';
  table: string;
  tableRows: number;
  tableDoneRows: number;
  totalRows: number;
  totalDoneRows: number;
};

export type DatabaseCopyOptions = {
  force?: boolean;
  batchSize?: number;
  onProgress?: (progress: DatabaseCopyProgress) => void;
};

export type DatabaseBackupReport =
  | { outcome: 'written'; file: string; bytes: number; isIntact: boolean; rowCounts: Record<string, number> }
  | { outcome: 'unsupported'; dialect: 'postgres' };

/** What the service needs from storage: main.ts passes the `TableCopier` class itself. */
export type TableCopierFactory = Pick<typeof TableCopier, 'open' | 'backupSqliteFile' | 'tables' | 'primaryKeyOf'>;

const defaultBatchSize = 1000;

class VerificationMismatch extends Error {
  constructor(readonly report: DatabaseCopyReport) {
    super('verification failed');
  }
}

export class DatabaseCopyService {
  constructor(
    private readonly tableCopier: TableCopierFactory,
    private readonly liveDatabase: DatabaseLocation,
  ) {}

  /**
   * Reads the source in one consistent snapshot and writes the target in one transaction, which commits
   * only when counts and checksums read back from the target equal the source's.
   */
  async copyDatabase(
    from: DatabaseLocation,
    to: DatabaseLocation,
    options: DatabaseCopyOptions = {},
  ): Promise<DatabaseCopyReport> {
    const batchSize = options.batchSize ?? defaultBatchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new ValidationError('batch size must be a positive whole number', { field: 'batchSize' });
    if (isSameDatabase(from, to))
      throw new ValidationError('the source and the target are the same database', { field: 'to' });
    return this.withDatabases(from, to, true, async (source, target) => {
      try {
        return await source.inTransaction(
          (sourceTables) =>
            target.inTransaction(async (targetTables) => {
              const isTargetEmpty = await this.emptyTarget(targetTables, options.force ?? false);
              // Nobody reads an empty target, so its indexes may go during the load and be built once at the end
              // (dropping them takes locks that block readers until commit). A target replaced under --force keeps
              // them, and its readers keep seeing the old rows until the copy commits.
              const deferredIndexes = isTargetEmpty ? await targetTables.deferIndexes() : [];
              const counts = await this.countTables(sourceTables);
              const sourceSums = await this.copyTables(
                sourceTables,
                targetTables,
                counts,
                batchSize,
                options.onProgress,
              );
              // Before the indexes come back: the search index, too, is written faster without its secondary index.
              await targetTables.rebuildSearchIndex();
              await targetTables.restoreIndexes(deferredIndexes);
              const progress = { totalRows: sumOf(counts), totalDoneRows: 0 };
              const targetSums = await this.checksumTables(
                targetTables,
                counts,
                batchSize,
                options.onProgress,
                progress,
              );
              const report = compareDatabases(sourceSums, targetSums, true);
              if (!report.tables.every((t) => t.isEqual)) throw new VerificationMismatch(report);
              return report;
            }),
          { isReadOnly: true },
        );
      } catch (error) {
        if (error instanceof VerificationMismatch) return { ...error.report, isCommitted: false };
        throw error;
      }
    });
  }

  /** Compares two databases table by table, without writing to either. */
  async verifyDatabases(
    from: DatabaseLocation,
    to: DatabaseLocation,
    onProgress?: DatabaseCopyOptions['onProgress'],
  ): Promise<DatabaseCopyReport> {
    return this.withDatabases(from, to, false, (source, target) =>
      source.inTransaction(
        (sourceTables) =>
          target.inTransaction(
            async (targetTables) => {
              const counts = await this.countTables(sourceTables);
              const progress = { totalRows: 2 * sumOf(counts), totalDoneRows: 0 };
              const sourceSums = await this.checksumTables(
                sourceTables,
                counts,
                defaultBatchSize,
                onProgress,
                progress,
              );
              const targetSums = await this.checksumTables(
                targetTables,
                counts,
                defaultBatchSize,
                onProgress,
                progress,
              );
              return compareDatabases(sourceSums, targetSums, false);
            },
            { isReadOnly: true },
          ),
        { isReadOnly: true },
      ),
    );
  }

  /** SQLite: a consistent copy of the live file, safe while the server writes. PostgreSQL: left to pg_dump. */
  async backupLiveDatabase(file: string): Promise<DatabaseBackupReport> {
    if (this.liveDatabase.kind === 'postgres') return { outcome: 'unsupported', dialect: 'postgres' };
    const target = path.resolve(file);
    if (!fs.existsSync(this.liveDatabase.file))
      throw new NotFoundError(`there is no database at ${this.liveDatabase.file}`);
    if (fs.existsSync(target))
      throw new ValidationError(`${target} already exists; choose a new file name`, { field: 'file' });
    if (!fs.existsSync(path.dirname(target)))
      throw new ValidationError(`there is no folder ${path.dirname(target)}`, { field: 'file' });
    const { isIntact } = await this.tableCopier.backupSqliteFile(this.liveDatabase.file, target);
    const copy = this.tableCopier.open({ kind: 'sqlite', file: target });
    try {
      const rowCounts: Record<string, number> = {};
      for (const table of this.tableCopier.tables) rowCounts[table] = await copy.countRows(table);
      return { outcome: 'written', file: target, bytes: fs.statSync(target).size, isIntact, rowCounts };
    } finally {
      await copy.close();
    }
  }

  private async withDatabases<T>(
    from: DatabaseLocation,
    to: DatabaseLocation,
    isTargetMigrated: boolean,
    work: (source: TableCopier, target: TableCopier) => Promise<T>,
  ): Promise<T> {
    // Opening a missing SQLite file would create it: refuse before touching anything.
    if (from.kind === 'sqlite' && !fs.existsSync(from.file))
      throw new ValidationError(`no database file at ${from.file}`, { field: 'from' });
    if (!isTargetMigrated && to.kind === 'sqlite' && !fs.existsSync(to.file))
      throw new ValidationError(`no database file at ${to.file}`, { field: 'to' });
    const source = this.tableCopier.open(from);
    try {
      const target = this.tableCopier.open(to);
      try {
        if (isTargetMigrated) await target.migrate();
        await this.checkSchemas(source, target);
        return await work(source, target);
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  }

  private async checkSchemas(source: TableCopier, target: TableCopier): Promise<void> {
    const [sourceMigrations, targetMigrations] = [
      await source.listAppliedMigrations(),
      await target.listAppliedMigrations(),
    ];
    if (sourceMigrations.length === 0)
      throw new ValidationError('the source holds no Testata database (no migrations applied)', { field: 'from' });
    if (sourceMigrations.join() !== targetMigrations.join()) {
      throw new ValidationError(
        `the two databases are at different schema versions (source: ${sourceMigrations.join(', ')}; target: ${targetMigrations.join(', ') || 'none'}); ` +
          'run `testata migrate` against the older one first',
        { field: sourceMigrations.length < targetMigrations.length ? 'from' : 'to' },
      );
    }
    const known = new Set<string>(this.tableCopier.tables);
    const unknown = (await target.listTables()).filter((t) => !known.has(t));
    // A migration added a table that this copier would silently leave behind.
    if (unknown.length > 0)
      throw new Error(`database copy does not know the table(s) ${unknown.join(', ')}: add them to table-copier.ts`);
  }

  /** True when the target held no rows at all. */
  private async emptyTarget(target: TableCopier, force: boolean): Promise<boolean> {
    const held: Record<string, number> = {};
    for (const table of this.tableCopier.tables) {
      const rows = await target.countRows(table);
      if (rows > 0) held[table] = rows;
    }
    if (Object.keys(held).length === 0) return true;
    if (!force) {
      const list = Object.entries(held)
        .map(([table, rows]) => `${table}: ${rows}`)
        .join(', ');
      throw new ConflictError(`the target already holds content (${list}); nothing was written`, {
        field: 'to',
        rows: held,
      });
    }
    await target.deleteAllRows();
    return false;
  }

  /** Copies every table in key order; returns the source's checksums, taken as the rows streamed past. */
  private async copyTables(
    source: TableCopier,
    target: TableCopier,
    counts: Map<Table, number>,
    batchSize: number,
    onProgress: DatabaseCopyOptions['onProgress'],
  ): Promise<TableChecksum[]> {
    const totalRows = sumOf(counts);
    const sourceSums: TableChecksum[] = [];
    let totalDoneRows = 0;
    for (const [table, tableRows] of counts) {
      // The source is hashed as it streams past: re-reading it in the same snapshot would give the same rows.
      let checksum = new TableChecksum(table, this.tableCopier.primaryKeyOf(table), tableRows);
      // A batch's insert is queued before the previous one has finished, and the batch is hashed meanwhile: the
      // target never waits for us between batches, and at most two batches are in flight.
      let inserting: Promise<void> = Promise.resolve();
      await this.readTable(source, table, batchSize, async (rows) => {
        const previous = inserting;
        inserting = target.insertRows(table, rows);
        inserting.catch(() => {}); // a failure surfaces when awaited, with the next batch or after the last
        for (const row of rows) checksum.add(row);
        await previous;
        totalDoneRows += rows.length;
        onProgress?.({ phase: 'copying', table, tableRows, tableDoneRows: checksum.rows, totalRows, totalDoneRows });
      });
      await inserting;
      if (!checksum.isComplete) checksum = await this.checksumTable(source, table, batchSize, 'codePoints');
      sourceSums.push(checksum);
    }
    return sourceSums;
  }

  private async countTables(tables: TableCopier): Promise<Map<Table, number>> {
    const counts = new Map<Table, number>();
    for (const table of this.tableCopier.tables) counts.set(table, await tables.countRows(table));
    return counts;
  }

  /** Reads every table back; `expected` (the source's counts) and `progress` only size the progress reports. */
  private async checksumTables(
    tables: TableCopier,
    expected: Map<Table, number>,
    batchSize: number,
    onProgress: DatabaseCopyOptions['onProgress'],
    progress: { totalRows: number; totalDoneRows: number },
  ): Promise<TableChecksum[]> {
    const sums: TableChecksum[] = [];
    for (const table of this.tableCopier.tables) {
      const tableRows = expected.get(table) ?? 0;
      let checksum = await this.checksumTable(tables, table, batchSize, 'key', (done, batchRows) => {
        progress.totalDoneRows += batchRows;
        onProgress?.({ phase: 'verifying', table, tableRows, tableDoneRows: done, ...progress });
      });
      if (!checksum.isComplete) checksum = await this.checksumTable(tables, table, batchSize, 'codePoints');
      sums.push(checksum);
    }
    return sums;
  }

  private async checksumTable(
    tables: TableCopier,
    table: Table,
    batchSize: number,
    order: 'key' | 'codePoints',
    onBatch?: (doneRows: number, batchRows: number) => void,
  ): Promise<TableChecksum> {
    const checksum = new TableChecksum(table, this.tableCopier.primaryKeyOf(table), await tables.countRows(table));
    const add = async (rows: Row[]) => {
      for (const row of rows) checksum.add(row);
      onBatch?.(checksum.rows, rows.length);
    };
    if (order === 'key') await this.readTable(tables, table, batchSize, add);
    else await tables.readRowsInCodePointOrder(table, batchSize, add);
    return checksum;
  }

  /** Keyset pages in primary-key order; the next page is read while the caller handles this one. */
  private async readTable(
    tables: TableCopier,
    table: Table,
    batchSize: number,
    handle: (rows: Row[]) => Promise<void>,
  ): Promise<void> {
    const keyColumns = this.tableCopier.primaryKeyOf(table);
    let rows = await tables.readRows(table, undefined, batchSize);
    while (rows.length > 0) {
      const last = rows[rows.length - 1]!;
      const next =
        rows.length < batchSize
          ? Promise.resolve([])
          : tables.readRows(
              table,
              keyColumns.map((c) => last[c]),
              batchSize,
            );
      next.catch(() => {}); // a failure surfaces when awaited below; this only stops it counting as unhandled meanwhile
      await handle(rows);
      rows = await next;
    }
  }
}

function sumOf(counts: Map<Table, number>): number {
  return [...counts.values()].reduce((sum, n) => sum + n, 0);
}

function isSameDatabase(a: DatabaseLocation, b: DatabaseLocation): boolean {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') {
    const real = (file: string) => (fs.existsSync(file) ? fs.realpathSync(file) : path.resolve(file));
    return real(a.file) === real(b.file);
  }
  if (a.kind === 'postgres' && b.kind === 'postgres') {
    const [x, y] = [new URL(a.url), new URL(b.url)];
    return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname;
  }
  return false;
}
