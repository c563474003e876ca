// Writes of whole articles (row plus authors, tags, sources, corrections, former paths).
// Callers pass a transaction so an article, its parts and its search index entry change together or not at all.
import {
  isFindable,
  type ArticleStatus,
  type ArticleType,
  type Correction,
  type FeaturedImage,
  type Source,
} from '../domain/article.ts';
import { chunked } from './chunked.ts';
import type { Db } from './database.ts';
import { extraSearchText, type SearchDocument, type SearchIndexRepository } from './search-index.ts';

export type ArticleWrite = {
  slug: string;
  sectionId: string;
  type: ArticleType;
  status: ArticleStatus;
  title: string;
  standfirst: string;
  dateline: string | null;
  bodyMarkdown: string;
  bodyHtml: string;
  image: FeaturedImage | null;
  noindex: boolean;
  publishedAt: string | null;
  updatedAt: string | null;
  authorIds: string[];
  tagIds: string[];
  sources: Source[];
  corrections: Correction[];
  formerPaths: string[];
};

export class ArticleWriteRepository {
  constructor(
    private readonly db: Db,
    private readonly newId: () => string,
    private readonly searchIndex: SearchIndexRepository,
  ) {}

  /**
   * Inserts many articles with a few multi-row statements (bulk imports spend their time here). Their
   * search entries are analysed beside the caller and written before the transaction commits.
   */
  async insertMany(articles: ArticleWrite[], now: string): Promise<string[]> {
    const rows = articles.map((article) => ({
      id: this.newId(),
      ...this.columns(article),
      created_at: now,
      changed_at: now,
    }));
    for (const chunk of chunked(rows, 400)) await this.db.insertInto('articles').values(chunk).execute();
    const ids = rows.map((row) => row.id);
    await this.insertParts(ids, articles, now);
    await this.searchIndex.addSoon(
      articles.flatMap((article, i) => (isFindable(article) ? [searchDocumentOf(ids[i] as string, article)] : [])),
    );
    return ids;
  }

  async update(id: string, article: ArticleWrite, now: string): Promise<void> {
    await this.db
      .updateTable('articles')
      .set({ ...this.columns(article), changed_at: now })
      .where('id', '=', id)
      .execute();
    await this.db.deleteFrom('article_authors').where('article_id', '=', id).execute();
    await this.db.deleteFrom('article_tags').where('article_id', '=', id).execute();
    await this.db.deleteFrom('article_sources').where('article_id', '=', id).execute();
    await this.db.deleteFrom('article_corrections').where('article_id', '=', id).execute();
    await this.insertParts([id], [article], now);
    if (isFindable(article)) await this.searchIndex.add([searchDocumentOf(id, article)]);
    else await this.searchIndex.remove([id]);
  }

  /** Scheduled articles whose time has come, oldest first. */
  async findDueScheduled(now: string, limit: number): Promise<{ id: string; slug: string }[]> {
    return this.db
      .selectFrom('articles')
      .select(['id', 'slug'])
      .where('status', '=', 'scheduled')
      .where('published_at', '<=', now)
      .orderBy('published_at')
      .limit(limit)
      .execute();
  }

  /** Moves an article from one status to another; false if it was no longer in `from` (someone got there first). */
  async changeStatus(id: string, from: ArticleStatus, to: ArticleStatus, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('articles')
      .set({ status: to, changed_at: now })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    if (to === 'published') await this.searchIndex.addStoredArticles([id]);
    else await this.searchIndex.remove([id]);
    return true;
  }

  async findIdsBySlug(slugs: string[]): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map();
    const rows = await this.db.selectFrom('articles').select(['id', 'slug']).where('slug', 'in', slugs).execute();
    return new Map(rows.map((r) => [r.slug, r.id]));
  }

  private columns(article: ArticleWrite) {
    return {
      slug: article.slug,
      section_id: article.sectionId,
      type: article.type,
      status: article.status,
      title: article.title,
      standfirst: article.standfirst,
      dateline: article.dateline,
      body_markdown: article.bodyMarkdown,
      body_html: article.bodyHtml,
      image_src: article.image?.src ?? null,
      image_alt: article.image?.alt ?? null,
      image_caption: article.image?.caption ?? null,
      image_credit: article.image?.credit ?? null,
      image_width: article.image?.width ?? null,
      image_height: article.image?.height ?? null,
      noindex: article.noindex ? 1 : 0,
      published_at: article.publishedAt,
      updated_at: article.updatedAt,
    };
  }

  private async insertParts(ids: string[], articles: ArticleWrite[], now: string): Promise<void> {
    const authors = articles.flatMap((article, i) =>
      article.authorIds.map((authorId, position) => ({ article_id: ids[i] as string, author_id: authorId, position })),
    );
    const tags = articles.flatMap((article, i) =>
      article.tagIds.map((tagId) => ({ article_id: ids[i] as string, tag_id: tagId })),
    );
    const sources = articles.flatMap((article, i) =>
      article.sources.map((s, position) => ({
        article_id: ids[i] as string,
        position,
        name: s.name,
        kind: s.kind,
        url: s.url,
      })),
    );
    const corrections = articles.flatMap((article, i) =>
      article.corrections.map((c, position) => ({
        article_id: ids[i] as string,
        position,
        at: c.at,
        kind: c.kind,
        text: c.text,
      })),
    );
    for (const chunk of chunked(authors, 2000)) await this.db.insertInto('article_authors').values(chunk).execute();
    for (const chunk of chunked(tags, 2000)) await this.db.insertInto('article_tags').values(chunk).execute();
    for (const chunk of chunked(sources, 1000)) await this.db.insertInto('article_sources').values(chunk).execute();
    for (const chunk of chunked(corrections, 1000))
      await this.db.insertInto('article_corrections').values(chunk).execute();
    for (const [i, article] of articles.entries()) {
      for (const fromPath of article.formerPaths) {
        await this.db
          .insertInto('redirects')
          .values({ from_path: fromPath, article_id: ids[i] as string, created_at: now })
          .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: ids[i] as string }))
          .execute();
      }
    }
  }
}

function searchDocumentOf(id: string, article: ArticleWrite): SearchDocument {
  return {
    articleId: id,
    title: article.title,
    standfirst: article.standfirst,
    bodyHtml: article.bodyHtml,
    extra: extraSearchText(
      article.dateline,
      article.sources.map((s) => s.name),
    ),
    sectionId: article.sectionId,
    type: article.type,
    publishedAt: article.publishedAt as string,
  };
}
