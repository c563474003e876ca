// A hash of every row of every content table: equal fingerprints mean an unchanged database.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/storage/database.ts';

const tables = [
  'publication',
  'publication_pages',
  'authors',
  'sections',
  'tags',
  'articles',
  'article_authors',
  'article_tags',
  'article_sources',
  'article_corrections',
  'redirects',
];

export async function databaseFingerprint(db: Db): Promise<{ hash: string; counts: Record<string, number> }> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1, 2`.execute(db);
    counts[table] = rows.length;
    for (const row of rows) hash.update(JSON.stringify(row));
  }
  return { hash: hash.digest('hex'), counts };
}
