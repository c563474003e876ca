// The search index on PostgreSQL: a tsvector made from our analysed terms as they are (array_to_tsvector)
// and searched with tsqueries written as literals, so PostgreSQL's own parser and dictionaries never touch the text.
// `terms` (each term once, no positions) sits under the GIN index and is small enough to stay in the row,
// so testing a row costs little. A phrase of several words is then checked in `phrase_text`, the analysed
// fields as text, where it is a plain substring: cheaper to write and to test than a positional tsvector.
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
  type NewestMatch,
  type SearchDocument,
  type SearchFields,
  type SearchFilters,
  type SearchHits,
  type SearchIndex,
  type SearchRequest,
} from '../search-documents.ts';

export class PostgresSearchIndex implements SearchIndex {
  readonly analysisNeeds = { distinctTerms: true };

  constructor(private readonly db: Db) {}

  async add(documents: SearchDocument[], fields: SearchFields[]): Promise<void> {
    if (documents.length === 0) return;
    await this.remove(documents.map((d) => d.articleId));
    for (const chunk of await keyedChunks(this.db, documents, fields)) {
      const rows = chunk.map(
        ({ key, document, fields }) => sql`(${key}, ${document.articleId}, ${document.sectionId}, ${document.type},
          ${headingTermsOf(fields)}, array_to_tsvector(string_to_array(${distinctTermsOf(fields)}, ' ')), ${phraseText(fields)})`,
      );
      await sql`insert into search_documents (rank_key, article_id, section_id, type, heading_terms, terms, phrase_text)
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

  /** Nothing is held back: every write goes to the server at once. */
  async flush(): Promise<void> {}

  async search(request: SearchRequest): Promise<SearchHits> {
    const { query } = request;
    if (query.required.length === 0) return { articleIds: [], total: 0, isTotalCapped: false };
    const newest = await sql<NewestMatch>`
      select rank_key, article_id, heading_terms from search_documents d
      where terms @@ ${termsQueryText(query)}::tsquery ${phraseConditions(query)} ${filterConditions(request.filters)}
      order by rank_key desc limit ${rankingWindow + 1}`.execute(this.db);
    return pageOfNewestMatches(newest.rows, request);
  }
}

function distinctTermsOf(fields: SearchFields): string {
  if (fields.distinctTerms === undefined) throw new Error('search fields analysed without their distinct terms');
  return fields.distinctTerms;
}

/**
 * The fields' terms as text, for phrases: " title | standfirst | extra | body ", one space between terms.
 * A phrase is " term term " somewhere in it; the bars keep a phrase from running from one field into the next.
 */
function phraseText(fields: SearchFields): string {
  return ` ${[fields.title, fields.standfirst, fields.extra, fields.body].join(' | ')} `;
}

/** What `terms` cannot answer: each phrase of several words, required or excluded, looked for in `phrase_text`. */
function phraseConditions(query: SearchQuery): RawBuilder<unknown> {
  const needle = (phrase: SearchPhrase) => ` ${phrase.join(' ')} `;
  const required = query.required.filter((p) => p.length > 1).map((p) => sql`and strpos(d.phrase_text, ${needle(p)}) > 0`);
  const excluded = query.excluded.filter((p) => p.length > 1).map((p) => sql`and strpos(d.phrase_text, ${needle(p)}) = 0`);
  return sql.join([...required, ...excluded], sql` `);
}

/** What `terms` can answer: every required term, and no excluded single word (an excluded phrase is checked in `phrase_text`). */
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
