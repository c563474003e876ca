// The search index of the database in use (FTS5 on SQLite, tsvector on PostgreSQL), plus what both need
// from the stored articles: their documents when one goes live, and a rebuild of the whole index.
import type { ArticleType } from '../domain/article.ts';
import type { Db, Dialect } from './database-schema.ts';
import { searchRebuildRequestTable } from './migrations/search-rebuild-request.ts';
import { isFindableRow } from './reader-visibility.ts';
import { analyseInThisThread } from './search-analysis.ts';
import type { SearchAnalyser, SearchDocument, SearchHits, SearchIndex, SearchRequest } from './search-documents.ts';
import type { SideConnections } from './side-connection.ts';
import { storageDialects } from './storage-dialects.ts';

export type { SearchAnalyser, SearchDocument, SearchFilters, SearchHits, SearchRequest } from './search-documents.ts';
export { rankingWindow } from './search-documents.ts';

/**
 * The index of one database handle (usually a transaction). Writes happen in the order they are asked
 * for; `addSoon` lets a bulk writer go on while its documents are analysed and written, and `settle`
 * waits for all of it, including what the index held back in memory; `beforeCommit` (which the
 * transaction runner calls) also ends a bulk write.
 */
export class SearchIndexRepository {
  private readonly index: SearchIndex;
  /** The writes asked for so far; rejected once one of them has failed. */
  private queue: Promise<void> = Promise.resolve();
  private lastBatch: Promise<void> = Promise.resolve();

  /** `sideConnections`: where a bulk write on PostgreSQL may take a second connection from (leave out where none is spare). */
  constructor(
    private readonly db: Db,
    dialect: Dialect,
    private readonly analyse: SearchAnalyser = analyseInThisThread,
    sideConnections?: SideConnections,
  ) {
    this.index = storageDialects[dialect].searchIndex(db, sideConnections);
  }

  /** Adds or replaces these articles' entries. */
  async add(documents: SearchDocument[]): Promise<void> {
    await this.addSoon(documents);
    await this.settle();
  }

  /**
   * Starts analysing these documents now and writes them after the writes already asked for; `settle`
   * waits for it. Returns once the batch before is written, so a fast writer holds two batches at most.
   */
  async addSoon(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.lastBatch.catch(() => {}); // a failure is reported by `settle`
    const fields = this.analyse(documents, this.index.analysisNeeds);
    fields.catch(() => {}); // reported through the queue
    this.lastBatch = this.enqueue(async () => this.index.add(documents, await fields));
  }

  remove(articleIds: string[]): Promise<void> {
    this.enqueue(() => this.index.remove(articleIds));
    return this.settle();
  }

  removeAll(): Promise<void> {
    this.enqueue(() => this.index.removeAll());
    return this.settle();
  }

  async search(request: SearchRequest): Promise<SearchHits> {
    await this.queue.catch(() => {}); // a failed write is its writer's to report
    return this.index.search(request);
  }

  /**
   * Waits for every write asked for, including what the index held back in memory; throws the first that
   * failed (once: the queue starts afresh after it).
   */
  async settle(): Promise<void> {
    this.enqueue(() => this.index.flush());
    await this.throwQueuedFailure();
  }

  /**
   * Waits for every write asked for, then ends a bulk write if one is under way: called by the transaction
   * runner just before it commits, as PostgreSQL's ending of a bulk write makes readers wait for the commit.
   */
  async beforeCommit(): Promise<void> {
    this.enqueue(() => this.index.flush());
    this.enqueue(() => this.index.finishBulkWrite());
    await this.throwQueuedFailure();
  }

  /**
   * Called by the transaction runner when the transaction rolls back, once `queuedFailure` has answered: drops
   * what a bulk write started outside the transaction.
   */
  abandon(): Promise<void> {
    return this.index.abandon();
  }

  /** Once every write asked for has run or failed, writing nothing more: the first failure, if one did. */
  async queuedFailure(): Promise<unknown> {
    return this.throwQueuedFailure().then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  private async throwQueuedFailure(): Promise<void> {
    const queue = this.queue;
    try {
      await queue;
    } catch (error) {
      if (this.queue === queue) this.queue = this.lastBatch = Promise.resolve();
      throw error;
    }
  }

  /** Reads these articles as stored and indexes those searchable now (an article just went live). */
  async addStoredArticles(articleIds: string[]): Promise<void> {
    await this.add(await loadSearchDocuments(this.db, articleIds));
  }

  /**
   * Empties the index and adds every searchable article again, in batches; returns how many it holds. In a
   * transaction it is a bulk write (see `beforeCommit`), ended here: call it last before the commit.
   */
  async rebuild(onProgress?: (indexed: number) => void): Promise<number> {
    await this.removeAll();
    let indexed = 0;
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('articles')
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(1000)
        .execute();
      if (rows.length === 0) break;
      // The next batch is read while this one is analysed.
      const documents = await loadSearchDocuments(
        this.db,
        rows.map((r) => r.id),
      );
      await this.addSoon(documents);
      indexed += documents.length;
      onProgress?.(indexed);
      after = rows[rows.length - 1]?.id as string;
    }
    await this.beforeCommit();
    return indexed;
  }

  /** Chains `write` after the writes already asked for; returns the chain up to it. */
  private enqueue(write: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(write);
    this.queue.catch(() => {}); // a failure is reported by `settle`, however many writes follow it
    return this.queue;
  }
}

/** The text the index keeps besides title, standfirst and body: where the article was filed from and whom it cites. */
export function extraSearchText(dateline: string | null, sourceNames: string[]): string {
  return [dateline ?? '', ...sourceNames].join(' ');
}

/** Search documents of the given articles that are findable now (the index holds no other). */
async function loadSearchDocuments(db: Db, articleIds: string[]): Promise<SearchDocument[]> {
  if (articleIds.length === 0) return [];
  const rows = (
    await db
      .selectFrom('articles')
      .select([
        'id',
        'title',
        'standfirst',
        'body_html',
        'dateline',
        'section_id',
        'type',
        'published_at',
        'status',
        'noindex',
      ])
      .where('id', 'in', articleIds)
      .execute()
  ).filter(isFindableRow);
  if (rows.length === 0) return [];
  const sources = await db
    .selectFrom('article_sources')
    .select(['article_id', 'name'])
    .where(
      'article_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('article_id')
    .orderBy('position')
    .execute();
  const sourceNames = new Map<string, string[]>();
  for (const source of sources)
    sourceNames.set(source.article_id, [...(sourceNames.get(source.article_id) ?? []), source.name]);
  return rows.map((row) => ({
    articleId: row.id,
    title: row.title,
    standfirst: row.standfirst,
    bodyHtml: row.body_html,
    extra: extraSearchText(row.dateline, sourceNames.get(row.id) ?? []),
    sectionId: row.section_id,
    type: row.type as ArticleType,
    publishedAt: row.published_at,
  }));
}

/**
 * Tables that hold the index, and the requests to rebuild it: derived from the articles, rebuilt rather than
 * copied between databases.
 */
export function isSearchIndexTable(name: string): boolean {
  return (
    name === 'search_documents' ||
    name === 'search_text' ||
    name.startsWith('search_text_') ||
    name === searchRebuildRequestTable
  );
}
