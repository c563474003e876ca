// The publication's own pages (about us, masthead, editorial standards): one row per kind that has content.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('publication_pages')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // The kinds as they are today, written out: a migration must not change when the domain's list does.
    .addCheckConstraint(
      'publication_pages_kind',
      sql`kind in ('about', 'masthead', 'publishing-principles', 'corrections-policy', 'ethics-policy')`,
    )
    .execute();
}
