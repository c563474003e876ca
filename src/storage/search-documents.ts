// The search index's contract and what both implementations share: the analysed fields and the rank keys.
// SQLite (FTS5) and PostgreSQL (tsvector + GIN) implementations sit in their dialect folders; both get the
// same analysed terms and answer a query in two steps: the newest matches (at most `rankingWindow`) with
// their heading terms, then `rankMatches` (domain) orders those, identically on both databases. Scoring
// every match's body with bm25 or ts_rank, for words found in most of a 100,000-article archive, cost
// 20–80 ms a query; the window keeps a query's cost flat however common its words are.
import type { ArticleType } from '../domain/article.ts';
import type { SearchQuery } from '../domain/search/search-query.ts';
import { rankMatches } from '../domain/search/search-ranking.ts';
import type { Db } from './database-schema.ts';

/** What the index keeps of an article. Only published, indexable articles are added. */
export type SearchDocument = {
  articleId: string;
  title: string;
  standfirst: string;
  bodyHtml: string;
  /** Dateline and cited sources: searchable, weighted little. */
  extra: string;
  sectionId: string;
  type: ArticleType;
  publishedAt: string;
};

export type SearchFilters = {
  sectionId?: string;
  type?: ArticleType;
  authorId?: string;
  /** Inclusive UTC instant. */
  publishedFrom?: string;
  /** Exclusive UTC instant. */
  publishedBefore?: string;
};

export type SearchRequest = { query: SearchQuery; filters: SearchFilters; offset: number; limit: number; now: string };

export type SearchHits = {
  articleIds: string[];
  /** Matches counted, up to the ranking window. */
  total: number;
  /** More articles match than the window ranks: the newest `total` of them were ranked. */
  isTotalCapped: boolean;
};

export type SearchIndex = {
  readonly analysisNeeds: AnalysisNeeds;
  /** Adds or replaces these articles' entries, given their analysed fields (in the same order). */
  add(documents: SearchDocument[], fields: SearchFields[]): Promise<void>;
  remove(articleIds: string[]): Promise<void>;
  removeAll(): Promise<void>;
  /** Writes what `add` held back in memory (SQLite keeps a run of text for FTS5): called before a transaction commits. */
  flush(): Promise<void>;
  /**
   * Ends a bulk write, if one is under way (PostgreSQL then puts its new table in place of the old one, which
   * makes readers wait until the commit): called just before a transaction commits.
   */
  finishBulkWrite(): Promise<void>;
  /** Drops what a bulk write started outside the transaction: called when the transaction rolls back. */
  abandon(): Promise<void>;
  search(request: SearchRequest): Promise<SearchHits>;
};

/** How many of the newest matches a query ranks by relevance. */
export const rankingWindow = 1000;

/**
 * An article's analysed terms per field, in text order, joined by single spaces; the body's only when asked
 * for, as UTF-8 (FTS5 reads a blob as text): a batch's bodies share one buffer, which crosses from the
 * analysis thread without a copy, where as strings they cost the import's main thread their decoding, their
 * encoding for SQLite and their collection. And, when asked for, its binary tsvectors: of its terms, and of
 * its pairs of adjacent terms.
 */
export type SearchFields = {
  title: string;
  standfirst: string;
  extra: string;
  body?: Uint8Array;
  termVector?: Uint8Array;
  pairVector?: Uint8Array;
};

/** What an index needs besides the heading fields: SQLite's the body's terms as text, PostgreSQL's each document's tsvector. */
export type AnalysisNeeds = { bodyText: boolean; termVector: boolean };

export type AnalysedDocument = { document: SearchDocument; fields: SearchFields };

/** What analysis reads of a document (all of it is plain strings, so it can cross to a worker thread). */
export type SearchFieldsSource = Pick<SearchDocument, 'title' | 'standfirst' | 'extra' | 'bodyHtml'>;

/** Analyses documents, here or on another thread (search-analysis.ts); the fields come back in the documents' order. */
export type SearchAnalyser = (sources: SearchFieldsSource[], needs: AnalysisNeeds) => Promise<SearchFields[]>;

/**
 * Seconds × 16: room for sixteen articles published in the same second (more move a key or two later).
 * Small gaps between neighbouring keys keep FTS5's doclists short: with milliseconds × 1024 the index was
 * half as large again and a third slower to write.
 */
const keysPerSecond = 16;
export const rankKeyOfInstant = (iso: string) => Math.floor(Date.parse(iso) / 1000) * keysPerSecond;
/** The publication instant a rank key stands for, in milliseconds (to the second). */
export const publishedMsOfKey = (key: number) => Math.floor(key / keysPerSecond) * 1000;

/** An import's batch of 500 in one statement: 3,500 parameters on PostgreSQL (of 65,535), 2,500 on SQLite (of 32,766). */
const rowsPerInsert = 500;

/** Which of these rank keys an index holds already. */
export type TakenKeys = (keys: number[]) => Promise<Set<number>>;

/** `TakenKeys` read from a table with a `rank_key` column: `search_documents`, or a bulk write's copy of it. */
export function takenKeysIn(db: Db, table = 'search_documents'): TakenKeys {
  return async (keys) => {
    const taken = new Set<number>();
    for (let i = 0; i < keys.length; i += 1000) {
      const rows = await db
        .selectFrom(table as 'search_documents')
        .select('rank_key')
        .where('rank_key', 'in', keys.slice(i, i + 1000))
        .execute();
      for (const row of rows) taken.add(Number(row.rank_key));
    }
    return taken;
  };
}

/**
 * The documents analysed, with new rank keys, in key order, in chunks small enough for one multi-row insert
 * on either database. Key order matters to FTS5: a rowid lower than the last one written makes it write its
 * pending entries out as a new segment, so an archive imported in file order cost twice as much to index.
 */
export async function keyedChunks(
  documents: SearchDocument[],
  fields: SearchFields[],
  takenKeys: TakenKeys,
): Promise<(AnalysedDocument & { key: number })[][]> {
  const keys = await assignRankKeys(documents, takenKeys);
  const order = documents.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  const chunks: (AnalysedDocument & { key: number })[][] = [];
  for (let i = 0; i < order.length; i += rowsPerInsert) {
    chunks.push(
      order.slice(i, i + rowsPerInsert).map((k) => ({
        key: keys[k] as number,
        document: documents[k] as SearchDocument,
        fields: fields[k] as SearchFields,
      })),
    );
  }
  return chunks;
}

/** Unique rank keys for new entries: the publication instant, nudged past keys already taken. */
async function assignRankKeys(documents: SearchDocument[], takenKeys: TakenKeys): Promise<number[]> {
  const inBatch = new Set<number>();
  const keys = documents.map((d) => {
    let key = rankKeyOfInstant(d.publishedAt) + (hashOf(d.articleId) % keysPerSecond);
    while (inBatch.has(key)) key += 1;
    inBatch.add(key);
    return key;
  });
  for (;;) {
    const stored = await takenKeys(keys);
    if (stored.size === 0) return keys;
    for (const [i, key] of keys.entries()) {
      if (!stored.has(key)) continue;
      let next = key + 1;
      while (inBatch.has(next) || stored.has(next)) next += 1;
      inBatch.add(next);
      keys[i] = next;
    }
  }
}

function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** One row of the newest matches, as both databases read them (`rankingWindow + 1` rows, to tell a capped total). */
export type NewestMatch = { rank_key: number | string; article_id: string; heading_terms: string };

/** The page the request asks for, ranked from the newest matches. */
export function pageOfNewestMatches(newest: NewestMatch[], request: SearchRequest): SearchHits {
  const window = newest
    .slice(0, rankingWindow)
    .map((r) => ({ key: Number(r.rank_key), articleId: r.article_id, heading: r.heading_terms }));
  const idOfKey = new Map(window.map((m) => [m.key, m.articleId]));
  const keys = rankMatches(
    window.map((m) => ({ key: m.key, heading: m.heading, publishedAtMs: publishedMsOfKey(m.key) })),
    request.query.required,
    Date.parse(request.now),
    request,
  );
  return {
    articleIds: keys.flatMap((key) => idOfKey.get(key) ?? []),
    total: window.length,
    isTotalCapped: newest.length > rankingWindow,
  };
}
