// Whether feeds carry each article's full text (1, the default) or only its standfirst (0): an editor's setting.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('publication')
    .addColumn('feed_full_text', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
