// Writes of whole articles (row plus authors, tags, sources, corrections, former paths).
// Callers pass a transaction so an article and its parts change together or not at all.
import type { ArticleStatus, ArticleType, Correction, FeaturedImage, Source } from '../domain/article.ts';
import type { Db } from './database.ts';

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
  ) {}

  async insert(article: ArticleWrite, now: string): Promise<string> {
    const id = this.newId();
    await this.db
      .insertInto('articles')
      .values({ id, ...this.columns(article), created_at: now, changed_at: now })
      .execute();
    await this.insertParts(id, article, now);
    return id;
  }

  async update(id: string, article: ArticleWrite, now: string): Promise<void> {
    await this.db.updateTable('articles').set({ ...this.columns(article), changed_at: now }).where('id', '=', id).execute();
    await this.db.deleteFrom('article_authors').where('article_id', '=', id).execute();
    await this.db.deleteFrom('article_tags').where('article_id', '=', id).execute();
    await this.db.deleteFrom('article_sources').where('article_id', '=', id).execute();
    await this.db.deleteFrom('article_corrections').where('article_id', '=', id).execute();
    await this.insertParts(id, article, now);
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

  private async insertParts(id: string, article: ArticleWrite, now: string): Promise<void> {
    await this.db
      .insertInto('article_authors')
      .values(article.authorIds.map((authorId, position) => ({ article_id: id, author_id: authorId, position })))
      .execute();
    if (article.tagIds.length > 0) {
      await this.db
        .insertInto('article_tags')
        .values(article.tagIds.map((tagId) => ({ article_id: id, tag_id: tagId })))
        .execute();
    }
    if (article.sources.length > 0) {
      await this.db
        .insertInto('article_sources')
        .values(article.sources.map((s, position) => ({ article_id: id, position, name: s.name, kind: s.kind, url: s.url })))
        .execute();
    }
    if (article.corrections.length > 0) {
      await this.db
        .insertInto('article_corrections')
        .values(article.corrections.map((c, position) => ({ article_id: id, position, at: c.at, kind: c.kind, text: c.text })))
        .execute();
    }
    for (const fromPath of article.formerPaths) {
      await this.db
        .insertInto('redirects')
        .values({ from_path: fromPath, article_id: id, created_at: now })
        .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: id }))
        .execute();
    }
  }
}
