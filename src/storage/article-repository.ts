// Reads of articles for readers: single articles, lists by section/tag/author/type, neighbours, related. Lists
// hold findable articles only (`reader-visibility.ts`).
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type {
  Article,
  ArticleStatus,
  ArticleSummary,
  ArticleType,
  AuthorKind,
  CorrectionKind,
  SourceKind,
} from '../domain/article.ts';
import { imageFromRow, summaryColumns, summaryFromRow, type SummaryRow } from './article-row-mapping.ts';
import { matchesArticleFilter, type ArticleFilter } from './article-filter.ts';
import type { Db } from './database.ts';
import { byName } from './name-order.ts';
import { isFindableRow, isFindableSql, isPublishedSql } from './reader-visibility.ts';
import type { DatabaseSchema } from './database-schema.ts';

export type { ArticleFilter };
/** Position in the newest-first order of findable articles. */
export type ArticleCursor = { publishedAt: string; id: string };

type ListQuery = SelectQueryBuilder<DatabaseSchema, 'articles' | 'sections', object>;

export class ArticleRepository {
  constructor(private readonly db: Db) {}

  async findBySlug(slug: string): Promise<Article | undefined> {
    const row = await this.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .selectAll('articles')
      .select([
        'sections.slug as section_slug',
        'sections.name as section_name',
        'sections.description as section_description',
        'sections.position as section_position',
      ])
      .where('articles.slug', '=', slug)
      .executeTakeFirst();
    if (!row) return undefined;
    const [authors, tags, sources, corrections] = await Promise.all([
      this.db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .select([
          'authors.id',
          'authors.slug',
          'authors.name',
          'authors.bio',
          'authors.photo_src',
          'authors.job_title',
          'authors.kind',
        ])
        .where('article_authors.article_id', '=', row.id)
        .orderBy('article_authors.position')
        .execute(),
      this.db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['tags.id', 'tags.slug', 'tags.name'])
        .where('article_tags.article_id', '=', row.id)
        .execute()
        .then(byName),
      this.db
        .selectFrom('article_sources')
        .select(['name', 'kind', 'url'])
        .where('article_id', '=', row.id)
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('article_corrections')
        .select(['at', 'kind', 'text'])
        .where('article_id', '=', row.id)
        .orderBy('position')
        .execute(),
    ]);
    return {
      id: row.id,
      slug: row.slug,
      section: {
        id: row.section_id,
        slug: row.section_slug,
        name: row.section_name,
        description: row.section_description,
        position: row.section_position,
      },
      type: row.type as ArticleType,
      status: row.status as ArticleStatus,
      title: row.title,
      standfirst: row.standfirst,
      dateline: row.dateline,
      bodyMarkdown: row.body_markdown,
      bodyHtml: row.body_html,
      image: imageFromRow(row),
      noindex: row.noindex === 1,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      authors: authors.map((a) => ({
        id: a.id,
        slug: a.slug,
        name: a.name,
        bio: a.bio,
        photoSrc: a.photo_src,
        jobTitle: a.job_title,
        kind: a.kind as AuthorKind,
      })),
      tags,
      sources: sources.map((s) => ({ name: s.name, kind: s.kind as SourceKind, url: s.url })),
      corrections: corrections.map((c) => ({ at: c.at, kind: c.kind as CorrectionKind, text: c.text })),
    };
  }

  async listFindable(
    filter: ArticleFilter,
    page: { limit: number; offset?: number; after?: ArticleCursor; excludeIds?: string[] },
  ): Promise<ArticleSummary[]> {
    let query = this.findableQuery(filter).select(summaryColumns);
    if (page.after) {
      const { publishedAt, id } = page.after;
      query = query.where((eb) => before(eb, publishedAt, id));
    }
    if (page.excludeIds && page.excludeIds.length > 0) query = query.where('articles.id', 'not in', page.excludeIds);
    const rows = await query
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(page.limit)
      .offset(page.offset ?? 0)
      .execute();
    return this.withAuthors(rows);
  }

  async countFindable(filter: ArticleFilter): Promise<number> {
    const row = await this.findableQuery(filter, { withSection: false })
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async hasAny(): Promise<boolean> {
    return (await this.db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  /** Whether a published article (other than `exceptId`) is filed in the section, which readers then see. */
  async hasPublishedInSection(sectionId: string, exceptId?: string): Promise<boolean> {
    let query = this.db
      .selectFrom('articles')
      .select('articles.id')
      .where('articles.section_id', '=', sectionId)
      .where(isPublishedSql);
    if (exceptId !== undefined) query = query.where('articles.id', '<>', exceptId);
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  }

  /** Findable articles by id, in the order given (search results), each with its sanitised body HTML; the others are left out. */
  async listFindableWithBodies(ids: string[]): Promise<{ article: ArticleSummary; bodyHtml: string }[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select([...summaryColumns, 'articles.status', 'articles.noindex', 'articles.body_html'])
      .where('articles.id', 'in', ids)
      .execute();
    const byId = new Map(rows.filter(isFindableRow).map((row) => [row.id, row]));
    const found = ids.flatMap((id) => byId.get(id) ?? []);
    const summaries = await this.withAuthors(found);
    return found.map((row, i) => ({ article: summaries[i] as ArticleSummary, bodyHtml: row.body_html }));
  }

  /** The findable articles just before and after this one in its section's timeline. */
  async findNeighbours(article: {
    id: string;
    sectionId: string;
    publishedAt: string;
  }): Promise<{ previous?: ArticleSummary; next?: ArticleSummary }> {
    const base = this.findableQuery({ sectionId: article.sectionId }).select(summaryColumns);
    const [previous, next] = await Promise.all([
      base
        .where((eb) => before(eb, article.publishedAt, article.id))
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(1)
        .execute(),
      base
        .where((eb) => after(eb, article.publishedAt, article.id))
        .orderBy('articles.published_at', 'asc')
        .orderBy('articles.id', 'asc')
        .limit(1)
        .execute(),
    ]);
    const summaries = await this.withAuthors([...previous, ...next]);
    return {
      previous: previous.length ? summaries[0] : undefined,
      next: next.length ? summaries[summaries.length - 1] : undefined,
    };
  }

  /**
   * Articles that share the most tags with this one, nearest in time first. Each tag contributes only
   * its few nearest earlier articles, so the cost stays flat however big a tag grows.
   */
  async findRelated(
    article: { id: string; publishedAt: string; tagIds: string[] },
    limit: number,
  ): Promise<ArticleSummary[]> {
    if (article.tagIds.length === 0) return [];
    const perTag = await Promise.all(
      article.tagIds.slice(0, 5).map((tagId) =>
        this.findableQuery({ tagId })
          .select(summaryColumns)
          .where('articles.published_at', '<=', article.publishedAt)
          .where('articles.id', '!=', article.id)
          .orderBy('articles.published_at', 'desc')
          .limit(limit * 3)
          .execute(),
      ),
    );
    const scored = new Map<string, { row: SummaryRow; shared: number }>();
    for (const rows of perTag) {
      for (const row of rows) {
        const entry = scored.get(row.id);
        if (entry) entry.shared += 1;
        else scored.set(row.id, { row, shared: 1 });
      }
    }
    const best = [...scored.values()]
      .sort((a, b) => b.shared - a.shared || (b.row.published_at ?? '').localeCompare(a.row.published_at ?? ''))
      .slice(0, limit)
      .map((entry) => entry.row);
    return this.withAuthors(best);
  }

  /** These articles in this order, leaving out any not findable (never show those as related). */
  async listFindableByIds(ids: string[]): Promise<ArticleSummary[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select([...summaryColumns, 'articles.status', 'articles.noindex'])
      .where('articles.id', 'in', ids)
      .execute();
    const byId = new Map(rows.filter(isFindableRow).map((row) => [row.id, row]));
    return this.withAuthors(ids.flatMap((id) => byId.get(id) ?? []));
  }

  /** The current slug of the published article a former path belonged to (findable or not: it is its URL). */
  async findRedirectTarget(fromPath: string): Promise<{ slug: string; sectionSlug: string } | undefined> {
    return this.db
      .selectFrom('redirects')
      .innerJoin('articles', 'articles.id', 'redirects.article_id')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select(['articles.slug', 'sections.slug as sectionSlug'])
      .where('redirects.from_path', '=', fromPath)
      .where(isPublishedSql)
      .executeTakeFirst();
  }

  private findableQuery(filter: ArticleFilter, options = { withSection: true }): ListQuery {
    const from = this.db.selectFrom('articles');
    // Counting needs no section; joining it would make the database visit every article row.
    let query = (options.withSection ? from.innerJoin('sections', 'sections.id', 'articles.section_id') : from).where(
      isFindableSql,
    ) as ListQuery;
    query = query.where((eb) => matchesArticleFilter(eb, filter));
    return query as ListQuery;
  }

  private async withAuthors(rows: SummaryRow[]): Promise<ArticleSummary[]> {
    if (rows.length === 0) return [];
    const authorRows = await this.db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_authors.article_id', 'authors.id', 'authors.slug', 'authors.name', 'authors.photo_src'])
      .where(
        'article_authors.article_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('article_authors.article_id')
      .orderBy('article_authors.position')
      .execute();
    const byArticle = new Map<string, ArticleSummary['authors']>();
    for (const a of authorRows) {
      const list = byArticle.get(a.article_id) ?? [];
      list.push({ id: a.id, slug: a.slug, name: a.name, photoSrc: a.photo_src });
      byArticle.set(a.article_id, list);
    }
    return rows.map((row) => summaryFromRow(row, byArticle.get(row.id) ?? []));
  }
}

type ArticlesExpressions = ExpressionBuilder<DatabaseSchema, 'articles' | 'sections'>;

/**
 * Strictly earlier in (published_at, id) order. Written with a leading range on published_at so that both
 * databases walk the date index from the position instead of scanning the whole section (100× at 100k).
 */
function before(eb: ArticlesExpressions, publishedAt: string, id: string) {
  return eb.and([
    eb('articles.published_at', '<=', publishedAt),
    eb.or([eb('articles.published_at', '<', publishedAt), eb('articles.id', '<', id)]),
  ]);
}

function after(eb: ArticlesExpressions, publishedAt: string, id: string) {
  return eb.and([
    eb('articles.published_at', '>=', publishedAt),
    eb.or([eb('articles.published_at', '>', publishedAt), eb('articles.id', '>', id)]),
  ]);
}
