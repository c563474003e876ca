// The search index on PostgreSQL: `terms`, a tsvector of our analysed terms with their positions, built by
// the analyser in binary form (postgres-term-vector.ts), under a GIN index; searched with tsqueries written
// as literals, so PostgreSQL's own parser and dictionaries never touch the text. A phrase is `<->` between
// its terms, checked on the positions of the rows the index finds. `heading_terms` feeds the shared ranking.
import { sql, type RawBuilder } from 'kysely';
import type { SearchPhrase, SearchQuery } from '../../domain/search/search-query.ts';
import { headingTermsOf } from '../../domain/search/search-ranking.ts';
import type { Db } from '../database-schema.ts';
import {
  keyedChunks,
  rankingWindow,
  pageOfNewestMatches,
  rankKeyOfInstant,
  type NewestMatch,
  type SearchDocument,
  type SearchFields,
  type SearchFilters,
  type SearchHits,
  type SearchIndex,
  type SearchRequest,
} from '../search-documents.ts';

export class PostgresSearchIndex implements SearchIndex {
  readonly analysisNeeds = { bodyText: false, termVector: true };

  constructor(private readonly db: Db) {}

  async add(documents: SearchDocument[], fields: SearchFields[]): Promise<void> {
    if (documents.length === 0) return;
    await this.remove(documents.map((d) => d.articleId));
    for (const chunk of await keyedChunks(this.db, documents, fields)) {
      const rows = chunk.map(
        ({ key, document, fields }) =>
          sql`(${key}, ${document.articleId}, ${document.sectionId}, ${document.type}, ${headingTermsOf(fields)}, ${termVectorOf(fields)}::tsvector)`,
      );
      await sql`insert into search_documents (rank_key, article_id, section_id, type, heading_terms, terms) values ${sql.join(rows)}`.execute(this.db);
    }
  }

  async remove(articleIds: string[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += 1000) {
      await this.db.deleteFrom('search_documents').where('article_id', 'in', articleIds.slice(i, i + 1000)).execute();
    }
  }

  async removeAll(): Promise<void> {
    await this.db.deleteFrom('search_documents').execute();
  }

  /** Nothing is held back: every write goes to the server at once. */
  async flush(): Promise<void> {}

  async search(request: SearchRequest): Promise<SearchHits> {
    const { query } = request;
    if (query.required.length === 0) return { articleIds: [], total: 0, isTotalCapped: false };
    const newest = await sql<NewestMatch>`
      select rank_key, article_id, heading_terms from search_documents d
      where terms @@ ${termsQueryText(query)}::tsquery ${filterConditions(request.filters)}
      order by rank_key desc limit ${rankingWindow + 1}`.execute(this.db);
    return pageOfNewestMatches(newest.rows, request);
  }
}

/** The binary tsvector as a Buffer, which the driver sends as a binary parameter. */
function termVectorOf(fields: SearchFields): Buffer {
  const vector = fields.termVector;
  if (vector === undefined) throw new Error('search fields analysed without their term vector');
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Every required phrase (a single term, or its terms in a row), and no excluded one, as a tsquery. */
export function termsQueryText(query: SearchQuery): string {
  const phrase = (terms: SearchPhrase) => (terms.length === 1 ? quoteLexeme(terms[0] as string) : `(${terms.map(quoteLexeme).join(' <-> ')})`);
  return [...query.required.map(phrase), ...query.excluded.map((p) => `!${phrase(p)}`)].join(' & ');
}

function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function filterConditions(filters: SearchFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.sectionId) conditions.push(sql`and d.section_id = ${filters.sectionId}`);
  if (filters.type) conditions.push(sql`and d.type = ${filters.type}`);
  if (filters.publishedFrom) conditions.push(sql`and d.rank_key >= ${rankKeyOfInstant(filters.publishedFrom)}::bigint`);
  if (filters.publishedBefore) conditions.push(sql`and d.rank_key < ${rankKeyOfInstant(filters.publishedBefore)}::bigint`);
  if (filters.authorId) {
    conditions.push(sql`and exists (select 1 from article_authors a where a.article_id = d.article_id and a.author_id = ${filters.authorId})`);
  }
  return sql.join(conditions, sql` `);
}
