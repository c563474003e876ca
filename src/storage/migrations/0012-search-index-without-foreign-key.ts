// PostgreSQL: the search index no longer references `articles` by a foreign key. The index is derived data,
// written in the same transaction as the articles it describes (and rebuilt from them by `testata search
// rebuild`); nothing deletes articles, so the key's cascade never ran, while every index write paid for its
// check. It is also what lets a bulk write replace the table (postgres-search-bulk-write.ts): adding the key to
// the new table would lock `articles` against every other writer. SQLite keeps its key: there it costs
// nothing and the table is never replaced.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents drop constraint if exists search_documents_article_id_fkey`.execute(db);
}
