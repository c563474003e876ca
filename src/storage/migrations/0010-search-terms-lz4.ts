// PostgreSQL: `terms` compressed with lz4 rather than the default pglz, like `phrase_text` (0009). A row of
// the search index is over 2 kB, so PostgreSQL compresses its largest values as it stores them; pglz took
// a fifth of the server's time for an index write. Rows already stored stay as they are until rewritten.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents alter column terms set compression lz4`.execute(db);
}
