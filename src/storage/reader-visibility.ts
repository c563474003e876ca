// What readers see, in SQL: the one translation of `isPublished` and `isFindable` (domain/article.ts), for
// every query that selects articles for readers, and the same rules on article rows read by id.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isFindable, type ArticleStatus } from '../domain/article.ts';

/**
 * `isPublished` on the query's `articles`. The date test is a comparison of its own, never a bound of an index
 * range on published_at: SQLite would take a bare `is not null` for the lower bound instead of the query's real
 * one (the next article's `>=`, a sitemap month's start) and walk every earlier article.
 */
export const isPublishedSql: RawBuilder<SqlBool> = sql<SqlBool>`(articles.status = 'published' and (articles.published_at is not null) = true)`;

/** `isFindable` on the query's `articles`. */
export const isFindableSql: RawBuilder<SqlBool> = sql<SqlBool>`(${isPublishedSql} and articles.noindex = 0)`;

/** The columns of an `articles` row that decide what readers see of it. */
export type VisibilityColumns = { status: string; published_at: string | null; noindex: number };

/**
 * `isFindable` on a row, for reads of a few articles by id: with the status in their WHERE, SQLite prefers
 * walking a status index over every published article (100 ms at 100,000) to looking up those few by id.
 */
export function isFindableRow<T extends VisibilityColumns>(row: T): row is T & { published_at: string } {
  return isFindable({ status: row.status as ArticleStatus, publishedAt: row.published_at, noindex: row.noindex !== 0 });
}
