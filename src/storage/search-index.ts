// The search index of the database in use (FTS5 on SQLite, tsvector on PostgreSQL), plus what both need
// from the stored articles: their documents when one goes live, and a rebuild of the whole index.
import type { ArticleType } from '../domain/article.ts';
import type { Db, Dialect } from './database-schema.ts';
import { PostgresSearchIndex } from './postgres/postgres-search-index.ts';
import type { SearchDocument, SearchHits, SearchIndex, SearchRequest } from './search-documents.ts';
import { SqliteSearchIndex } from './sqlite/sqlite-search-index.ts';

export type { SearchDocument, SearchFilters, SearchHits, SearchRequest } from './search-documents.ts';
export { rankingWindow } from './search-documents.ts';

export class SearchIndexRepository implements SearchIndex {
  private readonly index: SearchIndex;

  constructor(
    private readonly db: Db,
    dialect: Dialect,
  ) {
    this.index = dialect === 'postgres' ? new PostgresSearchIndex(db) : new SqliteSearchIndex(db);
  }

  add(documents: SearchDocument[]): Promise<void> {
    return this.index.add(documents);
  }

  remove(articleIds: string[]): Promise<void> {
    return this.index.remove(articleIds);
  }

  removeAll(): Promise<void> {
    return this.index.removeAll();
  }

  search(request: SearchRequest): Promise<SearchHits> {
    return this.index.search(request);
  }

  /** Reads these articles as stored and indexes those searchable now (an article just went live). */
  async addStoredArticles(articleIds: string[]): Promise<void> {
    await this.index.add(await loadSearchDocuments(this.db, articleIds));
  }

  /** Empties the index and adds every searchable article again, in batches; returns how many it holds. */
  async rebuild(onProgress?: (indexed: number) => void): Promise<number> {
    await this.index.removeAll();
    let indexed = 0;
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('articles').select('id').where('id', '>', after).orderBy('id').limit(1000).execute();
      if (rows.length === 0) return indexed;
      const documents = await loadSearchDocuments(this.db, rows.map((r) => r.id));
      await this.index.add(documents);
      indexed += documents.length;
      onProgress?.(indexed);
      after = rows[rows.length - 1]?.id as string;
    }
  }
}

/** Only these articles are searchable: published, and not withdrawn from indexing. */
export function isSearchable(article: { status: string; noindex: boolean | number; publishedAt: string | null }): boolean {
  return article.status === 'published' && !article.noindex && article.publishedAt !== null;
}

/** The text the index keeps besides title, standfirst and body: where the article was filed from and whom it cites. */
export function extraSearchText(dateline: string | null, sourceNames: string[]): string {
  return [dateline ?? '', ...sourceNames].join(' ');
}

/** Search documents of the given articles that are searchable now. */
async function loadSearchDocuments(db: Db, articleIds: string[]): Promise<SearchDocument[]> {
  if (articleIds.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'title', 'standfirst', 'body_html', 'dateline', 'section_id', 'type', 'published_at'])
    .where('id', 'in', articleIds)
    .where('status', '=', 'published')
    .where('noindex', '=', 0)
    .where('published_at', 'is not', null)
    .execute();
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
  for (const source of sources) sourceNames.set(source.article_id, [...(sourceNames.get(source.article_id) ?? []), source.name]);
  return rows.map((row) => ({
    articleId: row.id,
    title: row.title,
    standfirst: row.standfirst,
    bodyHtml: row.body_html,
    extra: extraSearchText(row.dateline, sourceNames.get(row.id) ?? []),
    sectionId: row.section_id,
    type: row.type as ArticleType,
    publishedAt: row.published_at as string,
  }));
}

/** Tables that hold the index: derived from the articles, rebuilt rather than copied between databases. */
export function isSearchIndexTable(name: string): boolean {
  return name === 'search_documents' || name === 'search_text' || name.startsWith('search_text_');
}

