// Row-level access to every content table, for copying a whole database between SQLite and PostgreSQL:
// tables in foreign-key order, keyset reads by primary key, bulk inserts, indexes built after loading an empty
// PostgreSQL target; and SQLite's online backup. What differs between the databases is their TableCopyDialect's.
import { sql, type Transaction } from 'kysely';
import { Database, type DatabaseLocation, type Db, type Dialect } from './database.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { isSearchIndexTable, SearchIndexRepository } from './search-index.ts';
import { storageDialects } from './storage-dialects.ts';
import type { Row, TableCopyDialect } from './table-copy-dialect.ts';

/** Every table but the search index, which is derived from the articles and rebuilt in the target instead. */
export type CopiedTable = Exclude<keyof DatabaseSchema, 'search_documents'>;
type Table = CopiedTable;

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
  staff_users: ['id'],
  staff_recovery_codes: ['user_id', 'code_hash'],
  audit_events: ['id'],
  staff_sessions: ['id_hash'],
  sign_in_throttles: ['key'],
} as const satisfies Record<Table, readonly string[]>;

const migrationTablePrefix = 'kysely_migration';

export class TableCopier {
  static readonly tables = Object.keys(primaryKeys) as Table[];
  private readonly copying: TableCopyDialect;

  private constructor(
    private readonly db: Db,
    readonly dialect: Dialect,
    private readonly database?: Database,
  ) {
    this.copying = storageDialects[dialect].tableCopy;
  }

  static open(location: DatabaseLocation): TableCopier {
    const database = Database.open(location);
    return new TableCopier(database.db, database.dialect, database);
  }

  static primaryKeyOf(table: Table): readonly string[] {
    return primaryKeys[table];
  }

  /** A consistent copy of a live SQLite file (SQLite's online backup); other connections may keep writing meanwhile. */
  static backupSqliteFile(sourceFile: string, targetFile: string): Promise<{ isIntact: boolean }> {
    return storageDialects.sqlite.tableCopy.backupFile(sourceFile, targetFile);
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
    const { rows } = await sql<{
      name: string;
    }>`select name from ${sql.table(migrationTablePrefix)} order by name`.execute(this.db);
    return rows.map((r) => r.name);
  }

  /** Every table except the migrator's own, as the database itself reports them (on PostgreSQL, in our schema only). */
  async listTables(): Promise<string[]> {
    const tables = await this.db.introspection.getTables();
    const schema = await this.copying.ownSchema(this.db);
    return tables
      .filter((t) => schema === undefined || t.schema === schema)
      .map((t) => t.name)
      .filter((name) => !name.startsWith(migrationTablePrefix) && !isSearchIndexTable(name));
  }

  /**
   * Runs `work` in one transaction. A read-only one is a consistent snapshot. Emptying a big table under
   * --force may take longer than a request may: the transaction has no statement timeout.
   */
  inTransaction<T>(work: (tables: TableCopier) => Promise<T>, options: { isReadOnly?: boolean } = {}): Promise<T> {
    return this.copying.transaction(this.db, options).execute(async (trx: Transaction<DatabaseSchema>) => {
      await storageDialects[this.dialect].liftStatementTimeout(trx);
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
    const { rows } = await sql<Row>`select * from ${sql.table(table)} ${where} order by ${key} limit ${limit}`.execute(
      this.db,
    );
    return rows;
  }

  /**
   * Every row in code point order of the key, `batchSize` at a time: for a database whose collation orders
   * text keys otherwise. Where the database's own order is that one, keyset reads in key order.
   */
  async readRowsInCodePointOrder(
    table: Table,
    batchSize: number,
    handle: (rows: Row[]) => Promise<void>,
  ): Promise<void> {
    if (this.copying.readRowsInCodePointOrder)
      return this.copying.readRowsInCodePointOrder(this.db, table, primaryKeys[table], batchSize, handle);
    let rows = await this.readRows(table, undefined, batchSize);
    while (rows.length > 0) {
      await handle(rows);
      const last = rows[rows.length - 1]!;
      rows =
        rows.length < batchSize
          ? []
          : await this.readRows(
              table,
              primaryKeys[table].map((column) => last[column]),
              batchSize,
            );
    }
  }

  /** Inserts rows into an empty or growing table, in as few statements as the database takes. */
  async insertRows(table: Table, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    await this.copying.insertRows(this.db, table, rows);
  }

  /**
   * Before loading rows into empty tables: drops what the database builds faster once afterwards (on
   * PostgreSQL the secondary indexes and foreign keys of the copied tables; nothing on SQLite); returns the
   * statements `restoreIndexes` runs then. The search index needs none of this: its rebuild is a bulk write,
   * which builds the index once at the end by itself.
   */
  deferIndexes(): Promise<string[]> {
    return this.copying.deferIndexes(this.db, TableCopier.tables);
  }

  /** After the load: creates what `deferIndexes` dropped, checking every row against the foreign keys. */
  restoreIndexes(statements: string[]): Promise<void> {
    return this.copying.restoreIndexes(this.db, statements);
  }

  /** Empties every content table, children first. DELETE rather than TRUNCATE: readers keep the old rows until commit. */
  async deleteAllRows(): Promise<void> {
    await new SearchIndexRepository(this.db, this.dialect).removeAll();
    for (const table of [...TableCopier.tables].reverse()) await this.db.deleteFrom(table).execute();
  }

  /** Fills the search index from the copied articles; returns how many it holds. */
  async rebuildSearchIndex(): Promise<number> {
    await this.copying.analyzeTables(this.db, TableCopier.tables);
    return new SearchIndexRepository(this.db, this.dialect).rebuild();
  }

  private root(): Database {
    if (!this.database) throw new Error('migrate() and close() belong to the opened database, not to a transaction');
    return this.database;
  }
}
