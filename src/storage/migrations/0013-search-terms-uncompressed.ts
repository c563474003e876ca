// PostgreSQL: `terms` stored as it is, in the row, no longer compressed. A tsvector with positions hardly
// compresses (lz4 kept 2,111 of 2,172 bytes on average over 100,000 articles), yet a search decompressed
// every row it looked at: 11 of the 13 ms that a three-word search spent filtering 7,000 rows, newest first.
// Storage `external` with a row target of a whole page keeps the value uncompressed and in the row; only a
// row too long for a page moves it out to the TOAST table, still uncompressed. The bulk write of the index
// (postgres-search-bulk-write.ts) gives its new table the same setting. The index is rebuilt, so that rows
// stored before lose their compression too.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { requestSearchRebuild } from './search-rebuild-request.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents set (toast_tuple_target = 8160), alter column terms set storage external`.execute(
    db,
  );
  const stored = await sql<{ any: boolean }>`select exists (select 1 from search_documents) as any`.execute(db);
  if (stored.rows[0]?.any) await requestSearchRebuild(db, '0013-search-terms-uncompressed');
}
