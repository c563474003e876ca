// Article lists are ordered by (published_at, id): with id in the indexes, "newest first", cursors and
// previous/next walk an index without sorting ties in a temporary tree.
import type { Kysely } from 'kysely';

const indexes = [
  { name: 'articles_by_status_date', columns: ['status', 'published_at'] },
  { name: 'articles_by_section_status_date', columns: ['section_id', 'status', 'published_at'] },
  { name: 'articles_by_type_status_date', columns: ['type', 'status', 'published_at'] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { name, columns } of indexes) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(name)
      .on('articles')
      .columns([...columns, 'id'])
      .execute();
  }
}
