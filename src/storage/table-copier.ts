// Row-level access to every content table, for copying a whole database between SQLite and PostgreSQL:
// tables in foreign-key order, keyset reads by primary key, bulk inserts, indexes built after loading an empty
// PostgreSQL target; and SQLite's online backup.
import SqliteDatabase from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import { Database, type DatabaseLocation, type Db, type Dialect } from './database.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { createSecondaryIndexes, dropSecondaryIndexes } from './postgres/postgres-deferred-indexes.ts';
import { isSearchIndexTable, SearchIndexRepository } from './search-index.ts';

/** Every table but the search index, which is derived from the articles and rebuilt in the target instead. */
export type CopiedTable = Exclude<keyof DatabaseSchema, 'search_documents'>;
type Table = CopiedTable;
type Row = Record<string, unknown>;

/** Parents before children; `satisfies` makes a table added to the schema but not here a type error. */
const primaryKeys = {
  publication: ['id'],
  publication_pages: ['kind'],
  authors: ['id'],
  sections: ['id'],
  tags: ['id'],
  articles: ['id'],
  article_authors: ['article_id', 'author_id'],
  article_tags: ['article_id', 'tag_id'],
  article_sources: ['article_id', 'position'],
  article_corrections: ['article_id', 'position'],
  redirects: ['from_path'],
  content_changes: ['id'],
  related_pending: ['article_id'],
  related_signatures: ['article_id'],
  related_terms: ['article_id', 'term'],
  related_term_counts: ['term'],
  related_articles: ['article_id', 'position'],
  jobs: ['id'],
} as const satisfies Record<Table, readonly string[]>;

const sqliteBoundParameterLimit = 32_766;
const migrationTablePrefix = 'kysely_migration';
const allPagesAtOnce = 0x7fffffff;

export class TableCopier {
  static readonly tables = Object.keys(primaryKeys) as Table[];

  private constructor(
    private readonly db: Db,
    readonly dialect: Dialect,
    private readonly database?: Database,
  ) {}

  static open(location: DatabaseLocation): TableCopier {
    const database = Database.open(location);
    return new TableCopier(database.db, database.dialect, database);
  }

  static primaryKeyOf(table: Table): readonly string[] {
    return primaryKeys[table];
  }

  /** A consistent copy of a live SQLite file (SQLite's online backup); other connections may keep writing meanwhile. */
  static async backupSqliteFile(sourceFile: string, targetFile: string): Promise<{ isIntact: boolean }> {
    const source = new SqliteDatabase(sourceFile, { readonly: true, fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      // Every page in one step, under one read snapshot. In small steps (the default, 100 pages a tick) each
      // write by another connection restarts the backup: a server writing every few seconds starves it forever.
      await source.backup(targetFile, { progress: () => allPagesAtOnce });
    } finally {
      source.close();
    }
    const copy = new SqliteDatabase(targetFile, { readonly: true, fileMustExist: true });
    try {
      return { isIntact: copy.pragma('quick_check', { simple: true }) === 'ok' };
    } finally {
      copy.close();
    }
  }

  migrate(): Promise<string[]> {
    return this.root().migrate();
  }

  close(): Promise<void> {
    return this.root().close();
  }

  /** Names of the migrations applied to this database; empty when it holds no Testata schema at all. */
  async listAppliedMigrations(): Promise<string[]> {
    const tables = await this.db.introspection.getTables({ withInternalKyselyTables: true });
    if (!tables.some((t) => t.name === migrationTablePrefix)) return [];
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(migrationTablePrefix)} order by name`.execute(this.db);
    return rows.map((r) => r.name);
  }

  /** Every table except the migrator's own, as the database itself reports them (on PostgreSQL, in our schema only). */
  async listTables(): Promise<string[]> {
    const tables = await this.db.introspection.getTables();
    const { rows } = this.dialect === 'postgres' ? await sql<{ name: string }>`select current_schema() as name`.execute(this.db) : { rows: [] };
    const schema = rows[0]?.name;
    return tables
      .filter((t) => schema === undefined || t.schema === schema)
      .map((t) => t.name)
      .filter((name) => !name.startsWith(migrationTablePrefix) && !isSearchIndexTable(name));
  }

  /**
   * Runs `work` in one transaction. A read-only one is a consistent snapshot: on PostgreSQL repeatable
   * read; on SQLite any transaction reads one snapshot from its first read to its end.
   */
  inTransaction<T>(work: (tables: TableCopier) => Promise<T>, options: { isReadOnly?: boolean } = {}): Promise<T> {
    let builder = this.db.transaction();
    if (options.isReadOnly && this.dialect === 'postgres') builder = builder.setIsolationLevel('repeatable read').setAccessMode('read only');
    return builder.execute(async (trx: Transaction<DatabaseSchema>) => {
      // The pool's statement timeout guards requests; emptying a big table under --force may need longer.
      if (this.dialect === 'postgres') await sql`set local statement_timeout = 0`.execute(trx);
      return work(new TableCopier(trx, this.dialect));
    });
  }

  async countRows(table: Table): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }

  /** Up to `limit` rows in primary-key order, after the row whose key is `after` (keyset pagination, no OFFSET). */
  async readRows(table: Table, after: readonly unknown[] | undefined, limit: number): Promise<Row[]> {
    const key = sql.join(primaryKeys[table].map((column) => sql.ref(column)));
    const where = after ? sql`where (${key}) > (${sql.join(after)})` : sql``;
    const { rows } = await sql<Row>`select * from ${sql.table(table)} ${where} order by ${key} limit ${limit}`.execute(this.db);
    return rows;
  }

  /**
   * Every row in code point order of the key, `batchSize` at a time: for a PostgreSQL database whose collation
   * orders text keys otherwise. That order has no index, so it is sorted once and read through a cursor.
   * SQLite's own order is already that one.
   */
  async readRowsInCodePointOrder(table: Table, batchSize: number, handle: (rows: Row[]) => Promise<void>): Promise<void> {
    if (this.dialect === 'sqlite') {
      let rows = await this.readRows(table, undefined, batchSize);
      while (rows.length > 0) {
        await handle(rows);
        const last = rows[rows.length - 1]!;
        rows = rows.length < batchSize ? [] : await this.readRows(table, primaryKeys[table].map((column) => last[column]), batchSize);
      }
      return;
    }
    const { rows: collatable } = await sql<{ name: string }>`
      select attname as name from pg_attribute where attrelid = ${table}::regclass and attcollation <> 0`.execute(this.db);
    const isText = new Set(collatable.map((c) => c.name));
    const order = sql.join(primaryKeys[table].map((column) => (isText.has(column) ? sql`${sql.ref(column)} collate "C"` : sql.ref(column))));
    await sql`declare code_point_order no scroll cursor for select * from ${sql.table(table)} order by ${order}`.execute(this.db);
    try {
      for (;;) {
        const { rows } = await sql<Row>`fetch forward ${sql.raw(String(batchSize))} from code_point_order`.execute(this.db);
        if (rows.length === 0) break;
        await handle(rows);
      }
    } finally {
      await sql`close code_point_order`.execute(this.db);
    }
  }

  /**
   * PostgreSQL: one statement, the rows as one JSON parameter that the server turns into rows of the table
   * (`json_populate_recordset`): 1.6 million related terms took 3.2 s against 5.6 s as multi-row VALUES, and
   * as long as one array per column (`unnest`), which needs each column's type. SQLite: multi-row inserts,
   * each under its limit of bound parameters.
   */
  async insertRows(table: Table, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.dialect === 'postgres') {
      await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)})`.execute(this.db);
      return;
    }
    const columnCount = Math.max(1, Object.keys(rows[0] ?? {}).length);
    const rowsPerInsert = Math.max(1, Math.floor(sqliteBoundParameterLimit / columnCount));
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      await this.db
        .insertInto(table)
        .values(rows.slice(start, start + rowsPerInsert) as never)
        .execute();
    }
  }

  /**
   * Before loading rows into empty tables: on PostgreSQL drops the secondary indexes and foreign keys of the
   * copied tables, which are built faster once afterwards; returns the statements `restoreIndexes` runs then.
   * Nothing on SQLite. The search index needs none of this: its rebuild is a bulk write, which builds the
   * index once at the end by itself.
   */
  deferIndexes(): Promise<string[]> {
    if (this.dialect === 'sqlite') return Promise.resolve([]);
    return dropSecondaryIndexes(this.db, TableCopier.tables);
  }

  /** After the load: creates what `deferIndexes` dropped, checking every row against the foreign keys. */
  restoreIndexes(statements: string[]): Promise<void> {
    return createSecondaryIndexes(this.db, statements);
  }

  /** Empties every content table, children first. DELETE rather than TRUNCATE: readers keep the old rows until commit. */
  async deleteAllRows(): Promise<void> {
    await new SearchIndexRepository(this.db, this.dialect).removeAll();
    for (const table of [...TableCopier.tables].reverse()) await this.db.deleteFrom(table).execute();
  }

  /** Fills the search index from the copied articles; returns how many it holds. */
  async rebuildSearchIndex(): Promise<number> {
    // Rows just loaded have no planner statistics until autovacuum sees them after commit. Without them
    // PostgreSQL read each batch of 1,000 articles by id by walking a whole secondary index: 127 ms instead of 2.
    if (this.dialect === 'postgres') await sql`analyze ${sql.join(TableCopier.tables.map((table) => sql.table(table)))}`.execute(this.db);
    return new SearchIndexRepository(this.db, this.dialect).rebuild();
  }

  private root(): Database {
    if (!this.database) throw new Error('migrate() and close() belong to the opened database, not to a transaction');
    return this.database;
  }
}
