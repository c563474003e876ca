// The publication's own pages (about us, masthead, editorial standards), one row per kind.
import type { PublicationPage, PublicationPageKind, PublicationPageLink } from '../domain/publication-page.ts';
import { isPublicationPageKind } from '../domain/publication-page.ts';
import type { Db } from './database.ts';
import type { PublicationPageRow } from './database-schema.ts';

export class PublicationPageRepository {
  constructor(private readonly db: Db) {}

  async find(kind: PublicationPageKind): Promise<PublicationPage | undefined> {
    const row = await this.db.selectFrom('publication_pages').selectAll().where('kind', '=', kind).executeTakeFirst();
    return row && toPage(row);
  }

  /** Every page there is, in no particular order: callers order them by the domain's list of kinds. */
  async list(): Promise<PublicationPage[]> {
    const rows = await this.db.selectFrom('publication_pages').selectAll().execute();
    return rows.flatMap((row) => toPage(row) ?? []);
  }

  /** Just what a link needs, for the frame of every page (the bodies stay in the database). */
  async listLinks(): Promise<PublicationPageLink[]> {
    const rows = await this.db.selectFrom('publication_pages').select(['kind', 'slug']).execute();
    return rows.flatMap(({ kind, slug }) => (isPublicationPageKind(kind) ? [{ kind, slug }] : []));
  }

  async save(page: PublicationPage): Promise<void> {
    const columns = {
      slug: page.slug,
      title: page.title,
      description: page.description,
      body_markdown: page.bodyMarkdown,
      body_html: page.bodyHtml,
      updated_at: page.updatedAt,
    };
    await this.db
      .insertInto('publication_pages')
      .values({ kind: page.kind, ...columns })
      .onConflict((oc) => oc.column('kind').doUpdateSet(columns))
      .execute();
  }

  /** Whether there was such a page to remove. */
  async remove(kind: PublicationPageKind): Promise<boolean> {
    const result = await this.db.deleteFrom('publication_pages').where('kind', '=', kind).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toPage(row: PublicationPageRow): PublicationPage | undefined {
  // The table's CHECK admits only known kinds; a row of a kind this version dropped is skipped, not shown.
  if (!isPublicationPageKind(row.kind)) return undefined;
  return {
    kind: row.kind,
    slug: row.slug,
    title: row.title,
    description: row.description,
    bodyMarkdown: row.body_markdown,
    bodyHtml: row.body_html,
    updatedAt: row.updated_at,
  };
}
