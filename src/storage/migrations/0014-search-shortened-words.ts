// The analyser reads "gran" and "san" as the stems of "grande" and "santo" (italian-analyzer.ts); entries
// written before hold them as they were, where they met «grano» and «sano». The index is rebuilt, on both
// databases, where it holds anything (on PostgreSQL by 0016, after the last change to the index's table). The
// related-articles terms are left as they are: two words among an article's many, signed again when the
// article next changes.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Db } from '../database-schema.ts';
import { SearchIndexRepository } from '../search-index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  const stored = await sql<{ any: number | boolean }>`select exists (select 1 from search_documents) as "any"`.execute(db);
  if (stored.rows[0]?.any) await new SearchIndexRepository(db as Db, 'sqlite').rebuild();
}
