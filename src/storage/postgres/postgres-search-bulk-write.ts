// The bulk write of the PostgreSQL search index (postgres-search-index.ts keeps the query side).
// A transaction that adds many documents to a small index (an import into a new site, a rebuild, a copy)
// fills a new table instead, builds its GIN index once at the end and puts it in the old one's place just
// before committing. Kept up row by row, the GIN index grew dearer with every batch: the index added 12.6 s
// of server CPU to a 100,000-article import; written this way, 7.
// Given a second connection to spare, the new table is written there, in a transaction of its own, so that
// the server stores the index beside the transaction's other writes instead of after each of them (the
// import's one connection was the longest chain of its work), and its rows go in by binary COPY. That
// transaction commits just before the swap, and rolls back with the main one; a table left by a stop between
// the two commits is dropped by the next bulk write. It sees only what is committed, so what this
// transaction wrote in place is carried over.
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Db } from '../database-schema.ts';
import { takenKeysIn, type TakenKeys } from '../search-documents.ts';
import type { SideConnection, SideConnections } from '../side-connection.ts';
import { binaryCopyOf, type CopyField } from './postgres-side-connection.ts';

/** The table a bulk write fills, renamed `search_documents` when it is done. */
const bulkTable = 'search_documents_bulk';
/** A transaction's writes go to a new table once it has added this many documents… */
const minBulkDocuments = 500;
/** Where PostgreSQL starts moving a row's values out of it, as migration 0017 set it: `pairs` goes first. */
const toastTupleTarget = 3500;

/**
 * Where one index handle's writes go, and the states of its bulk write: none yet (writes go to the table in
 * place, and what this transaction writes there is noted); the new table being filled, in this transaction
 * or on a second connection; then swapped in by `finish`, or dropped by `abandon`.
 */
export class PostgresSearchBulkWrite {
  private writtenTable = 'search_documents';
  /** Documents this handle added, and when to consider a bulk write next (their count doubling each time). */
  private added = 0;
  private nextBulkCheck = minBulkDocuments;
  /** During a bulk write, what its table holds: adding looks up neither the keys taken nor the entries it replaces. */
  private bulkEntries: BulkEntries | null = null;
  /** The second connection of a bulk write, in its own transaction: writes and searches go there. */
  private side: SideConnection | null = null;
  /** What this transaction wrote to the table in place, for a bulk write on a second connection to carry over. */
  private readonly touchedInPlace = new Set<string>();
  private emptiedInPlace = false;

  /** `columns`: the index's, in the order its rows are written; `sideConnections` as for the index. */
  constructor(
    private readonly db: Db,
    private readonly columns: string,
    private readonly sideConnections?: SideConnections,
  ) {}

  /** The table the index's writes and searches go to. */
  get table(): string {
    return this.writtenTable;
  }

  /** Whether rows go in by binary COPY on a second connection (`copyIn`) rather than by INSERT on this handle. */
  get isOnSideConnection(): boolean {
    return this.side !== null;
  }

  /** Runs `query` where the index's writes go: on the bulk write's second connection, or on this handle. */
  async run<R>(query: RawBuilder<R>): Promise<R[]> {
    if (this.side) return this.side.query<R>(query.compile(this.db));
    return (await query.execute(this.db)).rows;
  }

  async copyIn(rows: CopyField[][]): Promise<void> {
    if (!this.side) throw new Error('binary COPY runs only on a bulk write’s second connection');
    await this.side.copyIn(`copy ${bulkTable} (${this.columns}) from stdin (format binary)`, binaryCopyOf(rows));
  }

  /** Which rank keys the table written to holds. */
  takenKeys(): TakenKeys {
    return this.bulkEntries?.takenKeys ?? takenKeysIn(this.db, this.writtenTable);
  }

  /** Counts documents about to be added, and starts a bulk write when they make it worth one. */
  async noteAdding(count: number): Promise<void> {
    this.added += count;
    if (this.added >= this.nextBulkCheck) await this.considerBulkWrite();
  }

  noteWritten(articleId: string, key: number): void {
    this.bulkEntries?.note(articleId, key);
  }

  /** Those of these articles the table written to may hold: during a bulk write, it is known exactly. */
  storedAmong(articleIds: string[]): string[] {
    return this.bulkEntries ? articleIds.filter((id) => this.bulkEntries?.has(id)) : articleIds;
  }

  noteRemoved(articleIds: string[]): void {
    for (const id of articleIds) this.bulkEntries?.forget(id);
  }

  noteEmptied(): void {
    this.bulkEntries?.clear();
    if (this.bulkEntries || !this.mayWriteBeside()) return;
    this.emptiedInPlace = true;
    this.touchedInPlace.clear();
  }

  private mayWriteBeside(): boolean {
    return this.sideConnections !== undefined && this.db.isTransaction;
  }

  noteInPlace(articleIds: string[]): void {
    if (this.bulkEntries || !this.mayWriteBeside()) return;
    for (const id of articleIds) this.touchedInPlace.add(id);
  }

  /** The new table, its GIN index built, takes the place of the old one. */
  async finish(): Promise<void> {
    if (this.writtenTable !== bulkTable) return;
    try {
      await this.withoutStatementTimeout(() => this.buildBulkIndex());
      if (this.side) {
        await this.side.query(CompiledQuery.raw('commit'));
        this.side.release();
        this.side = null;
      }
    } catch (error) {
      await this.abandon();
      throw error;
    }
    // Waits for searches still reading the old table; searches that start now wait for the commit, then read the new one.
    await sql`drop table search_documents`.execute(this.db);
    await sql`alter table search_documents_bulk rename to search_documents`.execute(this.db);
    await sql`alter table search_documents rename constraint search_documents_bulk_pkey to search_documents_pkey`.execute(
      this.db,
    );
    await sql`alter table search_documents rename constraint search_documents_bulk_article_id_key to search_documents_article_id_key`.execute(
      this.db,
    );
    await sql`alter index search_documents_bulk_terms rename to search_documents_terms`.execute(this.db);
    await sql`alter index search_documents_bulk_pairs rename to search_documents_pairs`.execute(this.db);
    await sql`alter index search_documents_bulk_section rename to search_documents_section`.execute(this.db);
    await sql`alter index search_documents_bulk_type rename to search_documents_type`.execute(this.db);
    this.endBulkWrite();
  }

  /** Rolls back a bulk write's second transaction, if one is open: the main one is rolling back. */
  async abandon(): Promise<void> {
    const side = this.side;
    this.endBulkWrite();
    if (!side) return;
    try {
      await side.query(CompiledQuery.raw('rollback'));
      side.release();
    } catch (error) {
      side.release(error); // the connection is gone or broken, and its transaction with it
    }
  }

  private endBulkWrite(): void {
    this.writtenTable = 'search_documents';
    this.side = null;
    this.bulkEntries = null;
  }

  /**
   * Runs `work` free of the pool's statement timeout, which is there to stop a runaway reader's query: emptying
   * the index, copying what it holds and building its GIN index grow with the whole archive (the build alone
   * takes about 2 s per 100,000 articles), and an import or a rebuild of a large archive must not fail for that.
   * A bulk write's second transaction runs without the timeout throughout; this transaction gets its own back
   * after. Outside a transaction no setting can be scoped to one statement, and `work` runs as it is.
   */
  async withoutStatementTimeout(work: () => Promise<void>): Promise<void> {
    if (this.side || !this.db.isTransaction) return work();
    const [{ timeout }] = (await this.run(
      sql<{ timeout: string }>`select current_setting('statement_timeout') as timeout`,
    )) as [{ timeout: string }];
    await this.run(sql`set local statement_timeout = 0`);
    await work();
    await this.run(sql`select set_config('statement_timeout', ${timeout}, true)`);
  }

  private async buildBulkIndex(): Promise<void> {
    await this.run(sql`create index search_documents_bulk_terms on search_documents_bulk using gin (terms)`);
    await this.run(sql`create index search_documents_bulk_pairs on search_documents_bulk using gin (pairs)`);
    await this.run(sql`create index search_documents_bulk_section on search_documents_bulk (section_id, rank_key)`);
    await this.run(sql`create index search_documents_bulk_type on search_documents_bulk (type, rank_key)`);
    // Planner statistics, as autovacuum would gather them a minute after the commit: without them a search
    // for common words read every match and sorted them (300 ms) instead of walking the newest first (10 ms).
    // A sample of 6,000 rows (statistics target 20) tells the common terms as well as the default 30,000
    // did, and the plans of the benchmark's queries stayed the same, in a fifth of the time (75 ms, not
    // 415, at 100,000 articles), which the import spends waiting.
    await this.run(sql`set local default_statistics_target = 20`);
    await this.run(sql`analyze search_documents_bulk`);
    await this.run(sql`set local default_statistics_target to default`);
  }

  /**
   * …and the table holds no more than twice what it added (so copying what was there before costs no more
   * than the write itself). Outside a transaction, or where this role may not replace the table, every
   * write goes to the table in place.
   */
  private async considerBulkWrite(): Promise<void> {
    this.nextBulkCheck = 2 * this.added;
    if (!this.db.isTransaction) return;
    const { rows } = await sql<{ stored: string; owned: boolean }>`
      select (select count(*) from (select 1 from search_documents limit ${2 * this.added + 1}) as upto) as stored,
        pg_has_role(c.relowner, 'usage') as owned
      from pg_class c where c.oid = 'search_documents'::regclass`.execute(this.db);
    const [row] = rows;
    if (!row?.owned || Number(row.stored) > 2 * this.added) return;
    // Other writers of the index wait for this transaction (they would write to the table about to go);
    // readers do not. The lock also keeps a second bulk write from starting beside this one.
    await sql`lock table search_documents in share row exclusive mode`.execute(this.db);
    this.nextBulkCheck = Number.POSITIVE_INFINITY; // one bulk write per handle
    try {
      this.side = await this.startSideTransaction();
      // Left by a bulk write stopped between its two commits: the lock above keeps any other from running now.
      await this.run(sql`drop table if exists search_documents_bulk`);
      // LIKE copies columns, storage and compression, not the table's own settings: those of migration 0017.
      await this.run(
        sql`create table search_documents_bulk (like search_documents including all excluding indexes) with (toast_tuple_target = ${sql.lit(toastTupleTarget)})`,
      );
      await this.run(sql`alter table search_documents_bulk add primary key (rank_key), add unique (article_id)`);
      await this.copyCommittedAndOwnEntries();
      // No more than twice what this handle added, as checked above.
      const copied = await this.run(
        sql<{ rank_key: string; article_id: string }>`select rank_key, article_id from search_documents_bulk`,
      );
      this.bulkEntries = new BulkEntries();
      for (const row of copied) this.bulkEntries.note(row.article_id, Number(row.rank_key));
    } catch (error) {
      await this.abandon();
      throw error;
    }
    this.writtenTable = bulkTable;
  }

  /** A transaction on a second connection, or null where none is spare (the bulk write then stays in this one). */
  private async startSideTransaction(): Promise<SideConnection | null> {
    if (!this.sideConnections || !this.mayWriteBeside()) return null;
    let side: SideConnection;
    try {
      side = await this.sideConnections.connect();
    } catch {
      return null;
    }
    try {
      await side.query(CompiledQuery.raw('begin'));
      // Everything this transaction runs is the bulk write's, and some of it grows with the whole index.
      await side.query(CompiledQuery.raw(`set local statement_timeout = 0`));
    } catch (error) {
      side.release(error);
      throw error;
    }
    return side;
  }

  /**
   * The entries of the table as this transaction sees them. A second connection sees only what is committed:
   * it copies that (unless this transaction emptied the table), then this transaction's own versions of the
   * entries it wrote in place.
   */
  private async copyCommittedAndOwnEntries(): Promise<void> {
    if (!this.side) {
      await this.withoutStatementTimeout(async () => {
        await sql`insert into search_documents_bulk select * from search_documents`.execute(this.db);
      });
      return;
    }
    if (!this.emptiedInPlace) await this.run(sql`insert into search_documents_bulk select * from search_documents`);
    const touched = [...this.touchedInPlace];
    for (let i = 0; i < touched.length; i += 1000) {
      const ids = touched.slice(i, i + 1000);
      await this.run(sql`delete from search_documents_bulk where article_id in (${sql.join(ids)})`);
      const { rows } = await sql<{
        rank_key: string;
        article_id: string;
        section_id: string;
        type: string;
        heading_terms: string;
        terms: string;
        pairs: string;
      }>`
        select rank_key, article_id, section_id, type, heading_terms, terms::text as terms, pairs::text as pairs from search_documents
        where article_id in (${sql.join(ids)})`.execute(this.db);
      if (rows.length === 0) continue;
      const values = rows.map(
        (r) =>
          sql`(${r.rank_key}::bigint, ${r.article_id}, ${r.section_id}, ${r.type}, ${r.heading_terms}, ${r.terms}::tsvector, ${r.pairs}::tsvector)`,
      );
      await this.run(sql`insert into search_documents_bulk (${sql.raw(this.columns)}) values ${sql.join(values)}`);
    }
    this.touchedInPlace.clear();
  }
}

/** The entries of a bulk write's table, kept here as they are written: no one else writes to that table. */
class BulkEntries {
  private readonly keyOfArticle = new Map<string, number>();
  private readonly keys = new Set<number>();

  readonly takenKeys: TakenKeys = async (keys) => new Set(keys.filter((key) => this.keys.has(key)));

  has(articleId: string): boolean {
    return this.keyOfArticle.has(articleId);
  }

  note(articleId: string, key: number): void {
    this.keyOfArticle.set(articleId, key);
    this.keys.add(key);
  }

  forget(articleId: string): void {
    const key = this.keyOfArticle.get(articleId);
    if (key === undefined) return;
    this.keyOfArticle.delete(articleId);
    this.keys.delete(key);
  }

  clear(): void {
    this.keyOfArticle.clear();
    this.keys.clear();
  }
}
