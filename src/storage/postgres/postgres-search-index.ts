// The search index on PostgreSQL: `terms`, a tsvector of our analysed terms with their positions, built by
// the analyser in binary form (postgres-term-vector.ts), under a GIN index; searched with tsqueries written
// as literals, so PostgreSQL's own parser and dictionaries never touch the text. A phrase is `<->` between
// its terms, checked on the positions of the rows found by the GIN index of `pairs`, the lexemes of each
// article's adjacent pairs of terms (both built in postgres-term-vector.ts). `heading_terms` feeds the
// shared ranking. Bulk writes (a new table filled, then swapped in) are postgres-search-bulk-write.ts's.
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
import type { SideConnections } from '../side-connection.ts';
import { PostgresSearchBulkWrite } from './postgres-search-bulk-write.ts';
import { pairLexeme } from './postgres-term-vector.ts';

/** The index's columns, in the order its rows are written. */
const columns = 'rank_key, article_id, section_id, type, heading_terms, terms, pairs';
/**
 * How many of the newest entries a search for words alone reads first. The planner takes words for independent, so for words
 * that come together (drought, farming and climate: 17,634 of 100,000 articles hold all three, where it
 * expected 2,263) it reads every match through the GIN index and sorts them (100 ms), where walking the newest
 * entries finds the newest 1,001 in 5,500 rows (8 ms). So a search first walks the newest entries, checking
 * each on its terms (as a function, which no index answers, so the planner cannot choose otherwise); only
 * when they hold too few matches does it ask the whole index, whose matches are then fewer.
 */
const defaultNewestEntriesFirst = 10_000;

export class PostgresSearchIndex implements SearchIndex {
  readonly analysisNeeds = { bodyText: false, termVector: true };
  /** Where this handle's writes and searches go: the table in place, or a bulk write's new table. */
  private readonly bulkWrite: PostgresSearchBulkWrite;

  /** `sideConnections`: where a bulk write may take a second connection from (leave out where none is spare). */
  constructor(
    private readonly db: Db,
    sideConnections?: SideConnections,
    private readonly newestEntriesFirst = defaultNewestEntriesFirst,
  ) {
    this.bulkWrite = new PostgresSearchBulkWrite(db, columns, sideConnections);
  }

  private get table(): string {
    return this.bulkWrite.table;
  }

  private run<R>(query: RawBuilder<R>): Promise<R[]> {
    return this.bulkWrite.run(query);
  }

  async add(documents: SearchDocument[], fields: SearchFields[]): Promise<void> {
    if (documents.length === 0) return;
    await this.bulkWrite.noteAdding(documents.length);
    await this.remove(documents.map((d) => d.articleId));
    const table = sql.table(this.table);
    for (const chunk of await keyedChunks(documents, fields, this.bulkWrite.takenKeys())) {
      if (this.bulkWrite.isOnSideConnection) {
        const rows = chunk.map(({ key, document, fields }) => [
          { bigint: key },
          document.articleId,
          document.sectionId,
          document.type,
          headingTermsOf(fields),
          termVectorOf(fields),
          pairVectorOf(fields),
        ]);
        await this.bulkWrite.copyIn(rows);
      } else {
        const rows = chunk.map(
          ({ key, document, fields }) =>
            sql`(${key}, ${document.articleId}, ${document.sectionId}, ${document.type}, ${headingTermsOf(fields)}, ${termVectorOf(fields)}::tsvector, ${pairVectorOf(fields)}::tsvector)`,
        );
        await sql`insert into ${table} (${sql.raw(columns)}) values ${sql.join(rows)}`.execute(this.db);
      }
      for (const { key, document } of chunk) this.bulkWrite.noteWritten(document.articleId, key);
    }
    this.bulkWrite.noteInPlace(documents.map((d) => d.articleId));
  }

  async remove(articleIds: string[]): Promise<void> {
    const stored = this.bulkWrite.storedAmong(articleIds);
    for (let i = 0; i < stored.length; i += 1000) {
      await this.run(
        sql`delete from ${sql.table(this.table)} where article_id in (${sql.join(stored.slice(i, i + 1000))})`,
      );
    }
    this.bulkWrite.noteRemoved(stored);
    this.bulkWrite.noteInPlace(stored);
  }

  async removeAll(): Promise<void> {
    // Grows with the whole index, as a rebuild's first step: a timeout would leave a large archive unrebuildable.
    await this.bulkWrite.withoutStatementTimeout(async () => {
      await this.run(sql`delete from ${sql.table(this.table)}`);
    });
    this.bulkWrite.noteEmptied();
  }

  /** Nothing is held back: every write goes to the server at once. */
  async flush(): Promise<void> {}

  finishBulkWrite(): Promise<void> {
    return this.bulkWrite.finish();
  }

  abandon(): Promise<void> {
    return this.bulkWrite.abandon();
  }

  async search(request: SearchRequest): Promise<SearchHits> {
    const { query } = request;
    if (query.required.length === 0) return { articleIds: [], total: 0, isTotalCapped: false };
    const table = sql.table(this.table);
    const newestMatches = (condition: RawBuilder<unknown>) =>
      this.run(sql<NewestMatch>`
        select rank_key, article_id, heading_terms from ${table} d
        where ${condition} ${filterConditions(request.filters)}
        order by ${request.filters.sectionId ? sql`d.section_id desc, ` : sql``}d.rank_key desc limit ${rankingWindow + 1}`);
    // Words alone are walked newest first (defaultNewestEntriesFirst says why); a phrase is narrowed by the index
    // of its pairs and a filter by its own index, which answer them precisely: walking first only slowed them.
    const isWordsAlone = pairsQueryText(query) === null && Object.values(request.filters).every((v) => v === undefined);
    const [oldestOfNewest] = isWordsAlone
      ? await this.run(
          sql<{
            rank_key: string;
          }>`select rank_key from ${table} order by rank_key desc offset ${this.newestEntriesFirst} limit 1`,
        )
      : [];
    if (oldestOfNewest) {
      const newest = await newestMatches(
        sql`d.rank_key >= ${oldestOfNewest.rank_key}::bigint and ts_match_vq(terms, ${termsQueryText(query)}::tsquery)`,
      );
      // More than the ranking window among the newest entries: they are the newest matches of all.
      if (newest.length > rankingWindow) return pageOfNewestMatches(newest, request);
    }
    return pageOfNewestMatches(await newestMatches(termsCondition(query)), request);
  }
}

/** The binary tsvector of terms as a Buffer, which the driver sends as a binary parameter. */
function termVectorOf(fields: SearchFields): Buffer {
  const vector = fields.termVector;
  if (vector === undefined) throw new Error('search fields analysed without their term vector');
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** The binary tsvector of pairs of adjacent terms, likewise. */
function pairVectorOf(fields: SearchFields): Buffer {
  const vector = fields.pairVector;
  if (vector === undefined) throw new Error('search fields analysed without their pair vector');
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Every required phrase (a single term, or its terms in a row), and no excluded one, as a tsquery. */
export function termsQueryText(query: SearchQuery): string {
  const phrase = (terms: SearchPhrase) =>
    terms.length === 1 ? quoteLexeme(terms[0] as string) : `(${terms.map(quoteLexeme).join(' <-> ')})`;
  return [...query.required.map(phrase), ...query.excluded.map((p) => `!${phrase(p)}`)].join(' & ');
}

function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The pairs of every required phrase, as a tsquery on `pairs`; null where the query has no phrase. */
export function pairsQueryText(query: SearchQuery): string | null {
  const pairs = new Set(
    query.required.flatMap((terms) =>
      terms.slice(1).map((term, i) => quoteLexeme(pairLexeme(terms[i] as string, term))),
    ),
  );
  return pairs.size === 0 ? null : [...pairs].join(' & ');
}

/**
 * The query on `terms`, and with a phrase the query on `pairs`. With a phrase, `terms` is matched by calling
 * the operator's function, which its GIN index does not answer: PostgreSQL then narrows the rows by the GIN
 * index of `pairs` alone and checks the positions of those rows, instead of joining it with the index of
 * `terms` on the phrase's words (36,571 rows for «"accordo commerciale"») and reading `pairs` out of every row
 * again. Written first, `terms` is also checked first on a row read newest first, and `pairs` (out of the
 * row) only where the positions hold the phrase.
 */
function termsCondition(query: SearchQuery): RawBuilder<unknown> {
  const pairs = pairsQueryText(query);
  if (pairs === null) return sql`terms @@ ${termsQueryText(query)}::tsquery`;
  return sql`ts_match_vq(terms, ${termsQueryText(query)}::tsquery) and pairs @@ ${pairs}::tsquery`;
}

function filterConditions(filters: SearchFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  // Written as `= any`, with the section first in the order (one section: the same order), so that only the
  // index on (section_id, rank_key) gives the rows in order. With `=`, the planner took the section for a
  // constant of the order and chose to walk the newest rows of every section (13,000 for «tregua» in Esteri,
  // 30 ms), where walking the section's own takes 5 ms: its model counts every row of another section read
  // for almost nothing, and each row it checks the words of for as little.
  if (filters.sectionId) conditions.push(sql`and d.section_id = any(${[filters.sectionId]}::text[])`);
  if (filters.type) conditions.push(sql`and d.type = ${filters.type}`);
  if (filters.publishedFrom) conditions.push(sql`and d.rank_key >= ${rankKeyOfInstant(filters.publishedFrom)}::bigint`);
  if (filters.publishedBefore)
    conditions.push(sql`and d.rank_key < ${rankKeyOfInstant(filters.publishedBefore)}::bigint`);
  if (filters.authorId) {
    conditions.push(
      sql`and exists (select 1 from article_authors a where a.article_id = d.article_id and a.author_id = ${filters.authorId})`,
    );
  }
  return sql.join(conditions, sql` `);
}
