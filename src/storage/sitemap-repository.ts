// Reads for the sitemaps: findable articles (`reader-visibility.ts`) counted by month, one month's
// articles in order, the newest ones for Google News, the sections, tags and authors that have any, and the
// publication's own pages.
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { isFindableSql } from './reader-visibility.ts';

export type ArticleMonthRow = { month: string; count: number; lastModifiedAt: string };
export type SitemapArticleRow = { slug: string; sectionSlug: string; lastModifiedAt: string };
export type NewsArticleRow = { slug: string; sectionSlug: string; title: string; publishedAt: string };
export type TaxonomyRow = { slug: string; lastModifiedAt: string };
export type TaxonomyKind = 'sections' | 'tags' | 'authors';

/** An article's last change: its update when later than its publication (imports carry both). */
const articleLastModifiedAt = sql<string>`case when articles.updated_at > articles.published_at then articles.updated_at else articles.published_at end`;
const lastModifiedAt = sql<string>`max(${articleLastModifiedAt})`;
// `YYYY-MM` of the UTC publication time; substr is the same function on both dialects.
const publishedMonth = sql<string>`substr(articles.published_at, 1, 7)`;
const publishedIn = (range: PublishedRange) =>
  sql<boolean>`articles.published_at >= ${range.from} and articles.published_at < ${range.until}`;

export class SitemapRepository {
  constructor(private readonly db: Db) {}

  /** One grouped pass over the findable articles: each month that has any, its count and last change. */
  async listArticleMonths(): Promise<ArticleMonthRow[]> {
    const rows = await this.db
      .selectFrom('articles')
      .where(isFindableSql)
      .select([
        publishedMonth.as('month'),
        (eb) => eb.fn.countAll<number | string>().as('count'),
        lastModifiedAt.as('last_modified_at'),
      ])
      .groupBy(publishedMonth)
      .execute();
    return rows
      .map((row) => ({ month: row.month, count: Number(row.count), lastModifiedAt: row.last_modified_at }))
      .sort((a, b) => compareText(a.month, b.month));
  }

  async countArticlesPublishedBetween(range: PublishedRange): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .where(isFindableSql)
      .where(publishedIn(range))
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Findable articles published in [from, until), oldest first, one page of them. */
  async listArticlesPublishedBetween(
    range: PublishedRange,
    page: { limit: number; offset: number },
  ): Promise<SitemapArticleRow[]> {
    const rows = await this.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where(isFindableSql)
      .where(publishedIn(range))
      .select(['articles.slug', 'sections.slug as section_slug', articleLastModifiedAt.as('last_modified_at')])
      .orderBy('articles.published_at')
      .orderBy('articles.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map((row) => ({ slug: row.slug, sectionSlug: row.section_slug, lastModifiedAt: row.last_modified_at }));
  }

  /** Findable articles published in [from, until), newest first. */
  async listNewestArticles(range: PublishedRange, limit: number): Promise<NewsArticleRow[]> {
    const rows = await this.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where(isFindableSql)
      .where(publishedIn(range))
      .select(['articles.slug', 'sections.slug as section_slug', 'articles.title', 'articles.published_at'])
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      slug: row.slug,
      sectionSlug: row.section_slug,
      title: row.title,
      publishedAt: row.published_at ?? '',
    }));
  }

  /** How many sections, tags or authors there are: at least as many as have findable articles, and cheap. */
  async countTaxonomy(kind: TaxonomyKind): Promise<number> {
    const row = await this.db
      .selectFrom(kind)
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The sections, tags or authors with at least one findable article, by slug, with their last change. */
  async listTaxonomy(kind: TaxonomyKind): Promise<TaxonomyRow[]> {
    const rows = await this.selectTaxonomy(kind);
    return rows
      .map((row) => ({ slug: row.slug, lastModifiedAt: row.last_modified_at }))
      .sort((a, b) => compareText(a.slug, b.slug));
  }

  /** The publication's own pages (about us, masthead…), by slug, with their last change. */
  async listPublicationPages(): Promise<TaxonomyRow[]> {
    const rows = await this.db.selectFrom('publication_pages').select(['slug', 'updated_at']).execute();
    return rows
      .map((row) => ({ slug: row.slug, lastModifiedAt: row.updated_at }))
      .sort((a, b) => compareText(a.slug, b.slug));
  }

  private selectTaxonomy(kind: TaxonomyKind): Promise<{ slug: string; last_modified_at: string }[]> {
    switch (kind) {
      case 'sections':
        return this.db
          .selectFrom('sections')
          .innerJoin('articles', 'articles.section_id', 'sections.id')
          .where(isFindableSql)
          .select(['sections.slug', lastModifiedAt.as('last_modified_at')])
          .groupBy(['sections.id', 'sections.slug'])
          .execute();
      case 'tags':
        return this.db
          .selectFrom('tags')
          .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
          .innerJoin('articles', 'articles.id', 'article_tags.article_id')
          .where(isFindableSql)
          .select(['tags.slug', lastModifiedAt.as('last_modified_at')])
          .groupBy(['tags.id', 'tags.slug'])
          .execute();
      case 'authors':
        return this.db
          .selectFrom('authors')
          .innerJoin('article_authors', 'article_authors.author_id', 'authors.id')
          .innerJoin('articles', 'articles.id', 'article_authors.article_id')
          .where(isFindableSql)
          .select(['authors.slug', lastModifiedAt.as('last_modified_at')])
          .groupBy(['authors.id', 'authors.slug'])
          .execute();
    }
  }
}

/** Publication times as stored (UTC ISO-8601, milliseconds, `Z`), `from` included and `until` excluded. */
export type PublishedRange = { from: string; until: string };

// Slugs and months are ASCII: a code-unit order is the same on both databases whatever their collation.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
