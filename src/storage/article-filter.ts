// Narrowing a list of articles to a section, a tag, an author or a type: one condition for every list query.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { ArticleType } from '../domain/article.ts';
import type { DatabaseSchema } from './database-schema.ts';

export type ArticleFilter = { sectionId?: string; tagId?: string; authorId?: string; type?: ArticleType };

export function matchesArticleFilter(
  eb: ExpressionBuilder<DatabaseSchema, 'articles'>,
  filter: ArticleFilter,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.sectionId) conditions.push(eb('articles.section_id', '=', filter.sectionId));
  if (filter.type) conditions.push(eb('articles.type', '=', filter.type));
  if (filter.tagId) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('article_tags')
          .select('article_tags.article_id')
          .whereRef('article_tags.article_id', '=', 'articles.id')
          .where('article_tags.tag_id', '=', filter.tagId),
      ),
    );
  }
  if (filter.authorId) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('article_authors')
          .select('article_authors.article_id')
          .whereRef('article_authors.article_id', '=', 'articles.id')
          .where('article_authors.author_id', '=', filter.authorId),
      ),
    );
  }
  return conditions.length > 0 ? eb.and(conditions) : sql<SqlBool>`1 = 1`;
}
