// The search index on SQLite: a contentless FTS5 table (`search_text`, rowid = rank key) of our analysed
// terms, beside `search_documents`, which holds the filterable columns and the heading terms for ranking.
import { sql, type RawBuilder } from 'kysely';
import { headingTermsOf } from '../../domain/search/search-ranking.ts';
import type { SearchPhrase, SearchQuery } from '../../domain/search/search-query.ts';
import type { Db } from '../database-schema.ts';
import {
  keyedChunks,
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

export class SqliteSearchIndex implements SearchIndex {
  readonly analysisNeeds = { distinctTerms: false };

  constructor(private readonly db: Db) {}

  async add(documents: SearchDocument[], fields: SearchFields[]): Promise<void> {
    if (documents.length === 0) return;
    await this.remove(documents.map((d) => d.articleId));
    for (const chunk of await keyedChunks(this.db, documents, fields)) {
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
      const rows = chunk.map(
        ({ key, fields }) => sql`(${key}, ${fields.title}, ${fields.standfirst}, ${fields.body}, ${fields.extra})`,
      );
      await sql`insert into search_text (rowid, title, standfirst, body, extra) values ${sql.join(rows)}`.execute(this.db);
    }
  }

  async remove(articleIds: string[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += 500) {
      const rows = await this.db.selectFrom('search_documents').select('rank_key').where('article_id', 'in', articleIds.slice(i, i + 500)).execute();
      if (rows.length === 0) continue;
      const keys = rows.map((r) => Number(r.rank_key));
      await sql`delete from search_text where rowid in (${sql.join(keys)})`.execute(this.db);
      await this.db.deleteFrom('search_documents').where('rank_key', 'in', keys).execute();
    }
  }

  async removeAll(): Promise<void> {
    await sql`insert into search_text (search_text) values ('delete-all')`.execute(this.db);
    await this.db.deleteFrom('search_documents').execute();
  }

  async search(request: SearchRequest): Promise<SearchHits> {
    const { query } = request;
    if (query.required.length === 0) return { articleIds: [], total: 0, isTotalCapped: false };
    // FTS5 walks its doclists newest first and stops at the window's end.
    const newest = await sql<NewestMatch>`
      select search_text.rowid as rank_key, d.article_id, d.heading_terms
      from search_text join search_documents d on d.rank_key = search_text.rowid
      where search_text match ${fts5Match(query)} ${filterConditions(request.filters)}
      order by search_text.rowid desc limit ${rankingWindow + 1}`.execute(this.db);
    return pageOfNewestMatches(newest.rows, request);
  }
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
  if (filters.publishedBefore) conditions.push(sql`and search_text.rowid < ${rankKeyOfInstant(filters.publishedBefore)}`);
  if (filters.authorId) {
    conditions.push(sql`and exists (select 1 from article_authors a where a.article_id = d.article_id and a.author_id = ${filters.authorId})`);
  }
  return sql.join(conditions, sql` `);
}
