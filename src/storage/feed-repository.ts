// Reads for feeds: the newest findable articles of a section, tag, author or the whole site with what
// a feed item carries (body, section, authors, tags); and the publication's feed setting.
import type { ArticleType, FeaturedImage, Section, Tag } from '../domain/article.ts';
import { matchesArticleFilter, type ArticleFilter } from './article-filter.ts';
import { imageFromRow, summaryColumns } from './article-row-mapping.ts';
import { isFindableSql } from './reader-visibility.ts';
import type { Db } from './database.ts';
import { byName } from './name-order.ts';

export type FeedArticle = {
  id: string;
  slug: string;
  type: ArticleType;
  title: string;
  standfirst: string;
  bodyHtml: string;
  image: FeaturedImage | null;
  publishedAt: string;
  updatedAt: string | null;
  section: Pick<Section, 'id' | 'slug' | 'name'>;
  authors: { id: string; slug: string; name: string }[];
  tags: Tag[];
};

/** The one publication row's id (as in publication-repository.ts). */
const publicationId = 'main';

export type FeedSettings = { isFullText: boolean; publicationChangedAt: string | null };

export type FeedFilter = Omit<ArticleFilter, 'type'>;

export class FeedRepository {
  constructor(private readonly db: Db) {}

  async findSettings(): Promise<FeedSettings> {
    const row = await this.db
      .selectFrom('publication')
      .select(['feed_full_text', 'changed_at'])
      .where('id', '=', publicationId)
      .executeTakeFirst();
    return { isFullText: row ? row.feed_full_text !== 0 : true, publicationChangedAt: row?.changed_at ?? null };
  }

  /** Newest first, in (published_at, id) order like every other list, so the date index serves it. */
  async listNewest(filter: FeedFilter, limit: number): Promise<FeedArticle[]> {
    let query = this.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select([...summaryColumns, 'articles.body_html', 'sections.id as section_id', 'sections.name as section_name'])
      .where(isFindableSql);
    query = query.where((eb) => matchesArticleFilter(eb, filter));
    const rows = await query
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [authorRows, tagRows] = await Promise.all([
      this.db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .select(['article_authors.article_id', 'authors.id', 'authors.slug', 'authors.name'])
        .where('article_authors.article_id', 'in', ids)
        .orderBy('article_authors.article_id')
        .orderBy('article_authors.position')
        .execute(),
      this.db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['article_tags.article_id', 'tags.id', 'tags.slug', 'tags.name'])
        .where('article_tags.article_id', 'in', ids)
        .execute(),
    ]);
    const authorsOf = groupByArticle(authorRows);
    const tagsOf = groupByArticle(tagRows);
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      type: row.type as ArticleType,
      title: row.title,
      standfirst: row.standfirst,
      bodyHtml: row.body_html,
      image: imageFromRow(row),
      publishedAt: row.published_at ?? '',
      updatedAt: row.updated_at,
      section: { id: row.section_id, slug: row.section_slug, name: row.section_name },
      authors: authorsOf.get(row.id) ?? [],
      tags: byName(tagsOf.get(row.id) ?? []),
    }));
  }
}

function groupByArticle<T extends { article_id: string }>(rows: T[]): Map<string, Omit<T, 'article_id'>[]> {
  const byArticle = new Map<string, Omit<T, 'article_id'>[]>();
  for (const { article_id, ...rest } of rows) {
    const list = byArticle.get(article_id) ?? [];
    list.push(rest);
    byArticle.set(article_id, list);
  }
  return byArticle;
}
