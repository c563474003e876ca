// The search index on SQLite: contentless FTS5 tables of our analysed terms, keyed by rank key: `search_text`
// (every field, for matching) and `search_headings` (title, standfirst, dateline and sources, for scoring:
// bm25 over short fields is cheap), beside `search_documents`, which holds the filterable columns.
import { sql, type RawBuilder } from 'kysely';
import type { SearchPhrase, SearchQuery } from '../../domain/search/search-query.ts';
import type { Db } from '../database-schema.ts';
import {
  analyseDocument,
  assignRankKeys,
  rankingWindow,
  rankKeyOfInstant,
  rankWindow,
  type SearchDocument,
  type SearchFilters,
  type SearchHits,
  type SearchIndex,
  type SearchRequest,
} from '../search-documents.ts';

export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly db: Db) {}

  async add(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.remove(documents.map((d) => d.articleId));
    const keys = await assignRankKeys(this.db, documents);
    for (let i = 0; i < documents.length; i += 400) {
      const chunk = documents.slice(i, i + 400).map((document, j) => ({ key: keys[i + j] as number, ...analyseDocument(document) }));
      await this.db
        .insertInto('search_documents')
        .values(chunk.map(({ key, document }) => ({ rank_key: key, article_id: document.articleId, section_id: document.sectionId, type: document.type })))
        .execute();
      const texts = chunk.map(({ key, fields }) => ({
        key,
        title: fields.title.join(' '),
        standfirst: fields.standfirst.join(' '),
        extra: fields.extra.join(' '),
        body: fields.body.join(' '),
      }));
      const textRows = texts.map((t) => sql`(${t.key}, ${t.title}, ${t.standfirst}, ${t.body}, ${t.extra})`);
      await sql`insert into search_text (rowid, title, standfirst, body, extra) values ${sql.join(textRows)}`.execute(this.db);
      const headingRows = texts.map((t) => sql`(${t.key}, ${t.title}, ${t.standfirst}, ${t.extra})`);
      await sql`insert into search_headings (rowid, title, standfirst, extra) values ${sql.join(headingRows)}`.execute(this.db);
    }
  }

  async remove(articleIds: string[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += 500) {
      const rows = await this.db.selectFrom('search_documents').select('rank_key').where('article_id', 'in', articleIds.slice(i, i + 500)).execute();
      if (rows.length === 0) continue;
      const keys = rows.map((r) => Number(r.rank_key));
      await sql`delete from search_text where rowid in (${sql.join(keys)})`.execute(this.db);
      await sql`delete from search_headings where rowid in (${sql.join(keys)})`.execute(this.db);
      await this.db.deleteFrom('search_documents').where('rank_key', 'in', keys).execute();
    }
  }

  async removeAll(): Promise<void> {
    await sql`insert into search_text (search_text) values ('delete-all')`.execute(this.db);
    await sql`insert into search_headings (search_headings) values ('delete-all')`.execute(this.db);
    await this.db.deleteFrom('search_documents').execute();
  }

  async search(request: SearchRequest): Promise<SearchHits> {
    const { query, filters } = request;
    if (query.required.length === 0) return { articleIds: [], total: 0, isTotalCapped: false };
    const conditions = filterConditions(filters);
    // The filters need the documents table; without them FTS5 alone walks its doclists newest first.
    const join = conditions === undefined ? sql`` : sql`join search_documents d on d.rank_key = search_text.rowid`;
    const newest = await sql<{ k: number }>`
      select search_text.rowid as k from search_text ${join}
      where search_text match ${fts5Match(query)} ${conditions ?? sql``}
      order by search_text.rowid desc limit ${rankingWindow + 1}`.execute(this.db);
    const isTotalCapped = newest.rows.length > rankingWindow;
    const window = newest.rows.slice(0, rankingWindow).map((r) => Number(r.k));
    if (window.length === 0 || request.offset >= window.length) return { articleIds: [], total: window.length, isTotalCapped };
    const headings = await sql<{ k: number; s: number }>`
      select rowid as k, bm25(search_headings, 3.0, 1.0, 0.5) as s from search_headings
      where search_headings match ${fts5AnyOf(query.required)} and rowid >= ${window[window.length - 1]}`.execute(this.db);
    const headingScores = new Map(headings.rows.map((r) => [Number(r.k), -Number(r.s)]));
    const keys = rankWindow(
      window.map((key) => ({ key, headingScore: headingScores.get(key) ?? 0 })),
      rankKeyOfInstant(request.now),
      request.offset,
      request.limit,
    );
    const ids = await this.db.selectFrom('search_documents').select(['rank_key', 'article_id']).where('rank_key', 'in', keys).execute();
    const idOfKey = new Map(ids.map((r) => [Number(r.rank_key), r.article_id]));
    return { articleIds: keys.flatMap((key) => idOfKey.get(key) ?? []), total: window.length, isTotalCapped };
  }
}

const fts5Phrase = (phrase: SearchPhrase) => `"${phrase.join(' ')}"`;

/** FTS5 query text: every required phrase, and NOT each excluded one. Terms hold only letters and digits: no syntax gets in. */
export function fts5Match(query: SearchQuery): string {
  const required = query.required.map(fts5Phrase).join(' AND ');
  return query.excluded.reduce((text, p) => `${text} NOT ${fts5Phrase(p)}`, `(${required})`);
}

/** Any of the phrases: a heading holding two of three searched words scores above one holding one. */
function fts5AnyOf(phrases: readonly SearchPhrase[]): string {
  return phrases.map(fts5Phrase).join(' OR ');
}

function filterConditions(filters: SearchFilters): RawBuilder<unknown> | undefined {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.sectionId) conditions.push(sql`and d.section_id = ${filters.sectionId}`);
  if (filters.type) conditions.push(sql`and d.type = ${filters.type}`);
  if (filters.publishedFrom) conditions.push(sql`and search_text.rowid >= ${rankKeyOfInstant(filters.publishedFrom)}`);
  if (filters.publishedBefore) conditions.push(sql`and search_text.rowid < ${rankKeyOfInstant(filters.publishedBefore)}`);
  if (filters.authorId) {
    conditions.push(sql`and exists (select 1 from article_authors a where a.article_id = d.article_id and a.author_id = ${filters.authorId})`);
  }
  return conditions.length === 0 ? undefined : sql.join(conditions, sql` `);
}
