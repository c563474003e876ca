// Authors, sections and tags: the names articles are filed under. Readers and the Content API see only those
// with a published article (`isPublished`, through `reader-visibility.ts`): a tag, author or section used only
// by drafts, scheduled or archived articles (an embargoed investigation's) is unknown to them; imports and the
// demo find every one.
import { type Expression, type ExpressionBuilder, sql } from 'kysely';
import type { Author, AuthorKind, Section, Tag } from '../domain/article.ts';
import type { Db } from './database.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { byName } from './name-order.ts';
import { isPublishedSql } from './reader-visibility.ts';

export type AuthorWrite = Omit<Author, 'id'>;
export type SectionWrite = Omit<Section, 'id'>;
export type TagWrite = Omit<Tag, 'id'>;

export class TaxonomyRepository {
  constructor(
    private readonly db: Db,
    private readonly newId: () => string,
  ) {}

  /** Authors of at least one published article. */
  async listPublishedAuthors(): Promise<Author[]> {
    const rows = await this.db
      .selectFrom('authors')
      .selectAll()
      .where((eb) => eb.exists(publishedArticlesOf(eb, 'author', sql.ref('authors.id'))))
      .execute();
    return byName(rows.map(authorFromRow));
  }

  async findPublishedAuthorBySlug(slug: string): Promise<Author | undefined> {
    const author = await this.findAuthorBySlug(slug);
    return author && (await this.hasPublishedArticle('author', author.id)) ? author : undefined;
  }

  async findAuthorBySlug(slug: string): Promise<Author | undefined> {
    const row = await this.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row && authorFromRow(row);
  }

  async insertAuthor(author: AuthorWrite, now: string): Promise<string> {
    const id = this.newId();
    await this.db
      .insertInto('authors')
      .values({
        id,
        slug: author.slug,
        name: author.name,
        bio: author.bio,
        photo_src: author.photoSrc,
        job_title: author.jobTitle,
        kind: author.kind,
        created_at: now,
        changed_at: now,
      })
      .execute();
    return id;
  }

  async updateAuthor(id: string, author: AuthorWrite, now: string): Promise<void> {
    await this.db
      .updateTable('authors')
      .set({
        name: author.name,
        bio: author.bio,
        photo_src: author.photoSrc,
        job_title: author.jobTitle,
        kind: author.kind,
        changed_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Sections with at least one published article, in the newsroom's order. A section is a row an import or the
   * demo creates, with no flag saying the newsroom chose to show it: one holding only an embargoed draft must not
   * show, and an empty one would lead readers to an empty page. When the back office lets editors show a section
   * on purpose, that flag belongs here beside the EXISTS.
   */
  async listPublishedSections(): Promise<Section[]> {
    return this.db
      .selectFrom('sections')
      .select(['id', 'slug', 'name', 'description', 'position'])
      .where((eb) => eb.exists(publishedArticlesOf(eb, 'section', sql.ref('sections.id'))))
      .execute()
      .then((sections) => byName(sections).sort((a, b) => a.position - b.position));
  }

  async findPublishedSectionBySlug(slug: string): Promise<Section | undefined> {
    const section = await this.findSectionBySlug(slug);
    return section && (await this.hasPublishedArticle('section', section.id)) ? section : undefined;
  }

  async findSectionBySlug(slug: string): Promise<Section | undefined> {
    return this.db
      .selectFrom('sections')
      .select(['id', 'slug', 'name', 'description', 'position'])
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  async insertSection(section: SectionWrite, now: string): Promise<string> {
    const id = this.newId();
    await this.db
      .insertInto('sections')
      .values({ id, ...section, created_at: now, changed_at: now })
      .execute();
    return id;
  }

  /** Tags of at least one published article. */
  async listPublishedTags(): Promise<Tag[]> {
    return byName(
      await this.db
        .selectFrom('tags')
        .select(['id', 'slug', 'name'])
        .where((eb) => eb.exists(publishedArticlesOf(eb, 'tag', sql.ref('tags.id'))))
        .execute(),
    );
  }

  async findPublishedTagBySlug(slug: string): Promise<Tag | undefined> {
    const tag = await this.findTagBySlug(slug);
    return tag && (await this.hasPublishedArticle('tag', tag.id)) ? tag : undefined;
  }

  async findTagBySlug(slug: string): Promise<Tag | undefined> {
    return this.db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  }

  /**
   * One row found by slug, then this on its id: a join of the two in one query let PostgreSQL walk every published
   * article's entry in another index to find a section's (1 ms at 10,000 articles, growing with them).
   */
  private async hasPublishedArticle(kind: FiledUnder, id: string): Promise<boolean> {
    const row = await this.db
      .selectNoFrom((eb) => eb.exists(publishedArticlesOf(eb, kind, sql.val(id))).as('found'))
      .executeTakeFirstOrThrow();
    // SQLite answers 0 or 1, PostgreSQL a boolean.
    return Boolean(Number(row.found));
  }

  async insertTag(tag: TagWrite, now: string): Promise<string> {
    const id = this.newId();
    await this.db
      .insertInto('tags')
      .values({ id, ...tag, created_at: now })
      .execute();
    return id;
  }
}

type FiledUnder = 'section' | 'tag' | 'author';

/**
 * The published articles filed under the section, tag or author whose id is `id` (the outer query's column, or a
 * value), for an EXISTS that stops at the first: a seek in `articles_by_section_status_date` for a section; for a
 * tag or an author, its rows in `article_tags_by_tag` / `article_authors_by_author`, each article by primary key.
 * The CROSS JOIN keeps that order on SQLite, which without it walked every published article and looked up its
 * tag row (3.6 s to list the tags at 10,000 articles); PostgreSQL plans it as an inner join.
 */
// biome-ignore lint/suspicious/noExplicitAny: the builder of any outer query (a table's rows, or none)
function publishedArticlesOf(eb: ExpressionBuilder<DatabaseSchema, any>, kind: FiledUnder, id: Expression<string>) {
  switch (kind) {
    case 'section':
      return eb
        .selectFrom('articles')
        .select(sql`1`.as('one'))
        .where('articles.section_id', '=', id)
        .where(isPublishedSql);
    case 'tag':
      return eb
        .selectFrom('article_tags')
        .crossJoin('articles')
        .select(sql`1`.as('one'))
        .where('article_tags.tag_id', '=', id)
        .whereRef('articles.id', '=', 'article_tags.article_id')
        .where(isPublishedSql);
    case 'author':
      return eb
        .selectFrom('article_authors')
        .crossJoin('articles')
        .select(sql`1`.as('one'))
        .where('article_authors.author_id', '=', id)
        .whereRef('articles.id', '=', 'article_authors.article_id')
        .where(isPublishedSql);
  }
}

function authorFromRow(row: {
  id: string;
  slug: string;
  name: string;
  bio: string;
  photo_src: string | null;
  job_title: string;
  kind: string;
}): Author {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    bio: row.bio,
    photoSrc: row.photo_src,
    jobTitle: row.job_title,
    kind: row.kind as AuthorKind,
  };
}
