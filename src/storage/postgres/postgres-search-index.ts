// The search index on PostgreSQL: tsvectors written directly from our analysed terms and searched with
// tsqueries written the same way, so PostgreSQL's own parser and dictionaries never touch the text.
// `terms` (no positions, under the GIN index) is small enough to stay in the row, so testing a row costs
// little; `document` keeps the positions and, out of line, is read only to check a phrase.
// `heading_terms` feeds the shared ranking.
import { sql, type RawBuilder } from 'kysely';
import type { SearchPhrase, SearchQuery } from '../../domain/search/search-query.ts';
import { headingTermsOf } from '../../domain/search/search-ranking.ts';
import type { Db } from '../database-schema.ts';
import {
  keyedChunks,
  rankingWindow,
  pageOfNewestMatches,
  rankKeyOfInstant,
  type AnalysedDocument,
  type NewestMatch,
  type SearchDocument,
  type SearchFilters,
  type SearchHits,
  type SearchIndex,
  type SearchRequest,
} from '../search-documents.ts';

/** tsvector limits: positions stop at 16383; a lexeme keeps at most 256 of them. */
const maxPosition = 16383;
const maxPositionsPerTerm = 255;

export class PostgresSearchIndex implements SearchIndex {
  constructor(private readonly db: Db) {}

  async add(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.remove(documents.map((d) => d.articleId));
    for (const chunk of await keyedChunks(this.db, documents)) {
      const rows = chunk.map(({ key, ...analysed }) => {
        const { document, fields } = analysed;
        const { title, standfirst, extra } = fields;
        const vector = tsvectorText(analysed);
        return sql`(${key}, ${document.articleId}, ${document.sectionId}, ${document.type},
          ${headingTermsOf(title, standfirst, extra)}, ${vector}::tsvector, strip(${vector}::tsvector))`;
      });
      await sql`insert into search_documents (rank_key, article_id, section_id, type, heading_terms, document, terms)
        values ${sql.join(rows)}`.execute(this.db);
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

  async search(request: SearchRequest): Promise<SearchHits> {
    const { query } = request;
    if (query.required.length === 0) return { articleIds: [], total: 0, isTotalCapped: false };
    const newest = await sql<NewestMatch>`
      select rank_key, article_id, heading_terms from search_documents d
      where terms @@ ${termsQueryText(query)}::tsquery ${needsPositions(query) ? sql`and document @@ ${tsqueryText(query)}::tsquery` : sql``}
      ${filterConditions(request.filters)}
      order by rank_key desc limit ${rankingWindow + 1}`.execute(this.db);
    return pageOfNewestMatches(newest.rows, request);
  }
}

/** tsvector input text: each term once, with its positions and the weight of its field. */
export function tsvectorText({ fields }: AnalysedDocument): string {
  const positions = new Map<string, string[]>();
  let position = 1;
  const addField = (terms: string[], weight: string) => {
    for (const term of terms) {
      const list = positions.get(term) ?? [];
      if (list.length < maxPositionsPerTerm) list.push(`${Math.min(position, maxPosition)}${weight}`);
      positions.set(term, list);
      position += 1;
    }
    position += 1; // a gap, so that a phrase never runs from one field into the next
  };
  addField(fields.title, 'A');
  addField(fields.standfirst, 'B');
  addField(fields.extra, 'C');
  addField(fields.body, 'D');
  return [...positions].map(([term, list]) => `${quoteLexeme(term)}:${list.join(',')}`).join(' ');
}

const tsqueryPhrase = (p: SearchPhrase) => (p.length === 1 ? quoteLexeme(p[0] as string) : `(${p.map(quoteLexeme).join(' <-> ')})`);

/** tsquery input text: required phrases joined by &, excluded ones negated. */
export function tsqueryText(query: SearchQuery): string {
  return [...query.required.map(tsqueryPhrase), ...query.excluded.map((p) => `!${tsqueryPhrase(p)}`)].join(' & ');
}

/** Whether the query has a phrase of several words, which only the positions in `document` can check. */
function needsPositions(query: SearchQuery): boolean {
  return [...query.required, ...query.excluded].some((phrase) => phrase.length > 1);
}

/** What `terms` can answer: every required term, and no excluded single word (an excluded phrase needs positions). */
export function termsQueryText(query: SearchQuery): string {
  const required = [...new Set(query.required.flat())].map(quoteLexeme);
  const excluded = query.excluded.filter((p) => p.length === 1).map((p) => `!${quoteLexeme(p[0] as string)}`);
  return [...required, ...excluded].join(' & ');
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
