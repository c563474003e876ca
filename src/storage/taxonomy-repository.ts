// Authors, sections and tags: the names articles are filed under.
import type { Author, AuthorKind, Section, Tag } from '../domain/article.ts';
import type { Db } from './database.ts';
import { byName } from './name-order.ts';

export type AuthorWrite = Omit<Author, 'id'>;
export type SectionWrite = Omit<Section, 'id'>;
export type TagWrite = Omit<Tag, 'id'>;

export class TaxonomyRepository {
  constructor(
    private readonly db: Db,
    private readonly newId: () => string,
  ) {}

  async listAuthors(): Promise<Author[]> {
    const rows = await this.db.selectFrom('authors').selectAll().execute();
    return byName(rows.map(authorFromRow));
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

  async listSections(): Promise<Section[]> {
    return this.db
      .selectFrom('sections')
      .select(['id', 'slug', 'name', 'description', 'position'])
      .execute()
      .then((sections) => byName(sections).sort((a, b) => a.position - b.position));
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

  async listTags(): Promise<Tag[]> {
    return byName(await this.db.selectFrom('tags').select(['id', 'slug', 'name']).execute());
  }

  async findTagBySlug(slug: string): Promise<Tag | undefined> {
    return this.db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
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
