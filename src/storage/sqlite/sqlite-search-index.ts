// The search index on SQLite: a contentless FTS5 table (`search_text`, rowid = rank key) of our analysed
// terms, beside `search_documents`, which holds the filterable columns and the heading terms for ranking.
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import { headingTermsOf } from '../../domain/search/search-ranking.ts';
import type { SearchPhrase, SearchQuery } from '../../domain/search/search-query.ts';
import type { Db } from '../database-schema.ts';
import {
  keyedChunks,
  takenKeysIn,
  pageOfNewestMatches,
  rankingWindow,
  rankKeyOfInstant,
  type NewestMatch,
  type SearchDocument,
  type SearchFields,
  type SearchFilters,
  type SearchHits,
  type SearchIndex,
  type SearchRequest,
} from '../search-documents.ts';

/**
 * Inside a transaction, the text of this many documents is held back and written in one run. FTS5 writes
 * out what it holds in memory as a new segment whenever a statement of the transaction opens a savepoint,
 * which every multi-row insert does: written batch by batch, an import made a small segment per batch
 * and spent as much again merging them.
 */
const heldBackDocuments = 4000;

/** Body first: see migration 0015. */
const insertTextSql = 'insert into search_text (rowid, body, title, standfirst, extra) values (?, ?, ?, ?, ?)';

/** FTS5's own default for `automerge`, where the table's configuration sets none. */
const defaultAutomerge = 4;

export class SqliteSearchIndex implements SearchIndex {
  readonly analysisNeeds = { bodyText: true, termVector: false };
  /** Entries already in `search_documents` whose text is not yet in `search_text`. */
  private heldBack: { key: number; fields: SearchFields }[] = [];
  /** During a bulk write, FTS5's `automerge` as it was before the write turned it off. */
  private automergeToRestore: number | null = null;

  constructor(private readonly db: Db) {}

  async add(documents: SearchDocument[], fields: SearchFields[]): Promise<void> {
    if (documents.length === 0) return;
    await this.remove(documents.map((d) => d.articleId));
    for (const chunk of await keyedChunks(documents, fields, takenKeysIn(this.db))) {
      await this.db
        .insertInto('search_documents')
        .values(
          chunk.map(({ key, document, fields }) => ({
            rank_key: key,
            article_id: document.articleId,
            section_id: document.sectionId,
            type: document.type,
            heading_terms: headingTermsOf(fields),
          })),
        )
        .execute();
      for (const { key, fields } of chunk) this.heldBack.push({ key, fields });
    }
    if (this.heldBack.length >= heldBackDocuments || !this.db.isTransaction) await this.writeHeldBack();
  }

  async flush(): Promise<void> {
    await this.writeHeldBack();
  }

  /** Every write goes to the tables in place; FTS5 merges segments again from here on, as it did before the write. */
  async finishBulkWrite(): Promise<void> {
    if (this.automergeToRestore === null) return;
    await this.setAutomerge(this.automergeToRestore);
    this.automergeToRestore = null;
  }

  /** The text held back goes with the transaction's other writes, and the rollback undoes the change to `automerge`. */
  async abandon(): Promise<void> {
    this.heldBack = [];
    this.automergeToRestore = null;
  }

  /**
   * A bulk write (a transaction that fills a whole run) writes segments without merging them: merging as it
   * went cost a 100,000-article import half a second of its main thread's CPU time (three pairs of imports). The
   * segments left (ten at 100,000 articles; crisis merges keep a level under sixteen) are merged bit by bit by
   * the writes after it, and read about as fast meanwhile (0.39 ms a query against 0.36 with four segments, in
   * a micro-benchmark of FTS5 alone).
   */
  private async stopAutomergeForBulkWrite(): Promise<void> {
    if (this.automergeToRestore !== null || !this.db.isTransaction) return;
    const { rows } = await sql<{ v: number }>`select v from search_text_config where k = 'automerge'`.execute(this.db);
    this.automergeToRestore = rows[0] === undefined ? defaultAutomerge : Number(rows[0].v);
    await this.setAutomerge(0);
  }

  private async setAutomerge(value: number): Promise<void> {
    // A literal: FTS5 takes only an integer, and a bound JavaScript number arrives as a real.
    await sql`insert into search_text (search_text, rank) values ('automerge', ${sql.lit(Math.trunc(value))})`.execute(
      this.db,
    );
  }

  /**
   * One row a statement, in rank-key order: a single-row insert opens no savepoint, so FTS5 keeps the whole
   * run in memory; and a rowid lower than the last one written would make it write a segment out too.
   */
  private async writeHeldBack(): Promise<void> {
    const rows = this.heldBack.sort((a, b) => a.key - b.key);
    this.heldBack = [];
    if (rows.length >= heldBackDocuments) await this.stopAutomergeForBulkWrite();
    for (const { key, fields } of rows) {
      await this.db.executeQuery(
        CompiledQuery.raw(insertTextSql, [key, bodyTextOf(fields), fields.title, fields.standfirst, fields.extra]),
      );
    }
  }

  async remove(articleIds: string[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('search_documents')
        .select('rank_key')
        .where('article_id', 'in', articleIds.slice(i, i + 500))
        .execute();
      if (rows.length === 0) continue;
      const keys = rows.map((r) => Number(r.rank_key));
      const written = this.forgetHeldBack(keys);
      if (written.length > 0) await sql`delete from search_text where rowid in (${sql.join(written)})`.execute(this.db);
      await this.db.deleteFrom('search_documents').where('rank_key', 'in', keys).execute();
    }
  }

  /** Drops the held-back text of these keys; returns the keys whose text is in `search_text` already. */
  private forgetHeldBack(keys: number[]): number[] {
    if (this.heldBack.length === 0) return keys;
    const held = new Set(this.heldBack.map((h) => h.key));
    const removed = new Set(keys);
    this.heldBack = this.heldBack.filter((h) => !removed.has(h.key));
    return keys.filter((key) => !held.has(key));
  }

  async removeAll(): Promise<void> {
    this.heldBack = [];
    await sql`insert into search_text (search_text) values ('delete-all')`.execute(this.db);
    await this.db.deleteFrom('search_documents').execute();
  }

  async search(request: SearchRequest): Promise<SearchHits> {
    const { query } = request;
    if (query.required.length === 0) return { articleIds: [], total: 0, isTotalCapped: false };
    await this.writeHeldBack();
    // FTS5 walks its doclists newest first and stops at the window's end.
    const newest = await sql<NewestMatch>`
      select search_text.rowid as rank_key, d.article_id, d.heading_terms
      from search_text join search_documents d on d.rank_key = search_text.rowid
      where search_text match ${fts5Match(query)} ${filterConditions(request.filters)}
      order by search_text.rowid desc limit ${rankingWindow + 1}`.execute(this.db);
    return pageOfNewestMatches(newest.rows, request);
  }
}

function bodyTextOf(fields: SearchFields): Uint8Array {
  if (fields.body === undefined) throw new Error('search fields analysed without their body text');
  return fields.body;
}

const fts5Phrase = (phrase: SearchPhrase) => `"${phrase.join(' ')}"`;

/** FTS5 query text: every required phrase, and NOT each excluded one. Terms hold only letters and digits: no syntax gets in. */
export function fts5Match(query: SearchQuery): string {
  const required = query.required.map(fts5Phrase).join(' AND ');
  return query.excluded.reduce((text, p) => `${text} NOT ${fts5Phrase(p)}`, `(${required})`);
}

function filterConditions(filters: SearchFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.sectionId) conditions.push(sql`and d.section_id = ${filters.sectionId}`);
  if (filters.type) conditions.push(sql`and d.type = ${filters.type}`);
  if (filters.publishedFrom) conditions.push(sql`and search_text.rowid >= ${rankKeyOfInstant(filters.publishedFrom)}`);
  if (filters.publishedBefore)
    conditions.push(sql`and search_text.rowid < ${rankKeyOfInstant(filters.publishedBefore)}`);
  if (filters.authorId) {
    conditions.push(
      sql`and exists (select 1 from article_authors a where a.article_id = d.article_id and a.author_id = ${filters.authorId})`,
    );
  }
  return sql.join(conditions, sql` `);
}
