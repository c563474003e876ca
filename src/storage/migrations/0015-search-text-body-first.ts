// SQLite: the FTS5 table's body column comes first. FTS5 marks where each column's positions start in a
// term's list, except the first column's: with the body third, every term of every article carried a marker,
// and the index of 100,000 articles took 167 MB; body first, 121 MB, so an import or a rebuild writes (twice,
// through the WAL) and a search reads that much less. The table is made again and refilled where the index
// holds anything. FTS5's settings go with the old table: the one set since 0009 is set again.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { requestSearchRebuild } from './search-rebuild-request.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`drop table search_text`.execute(db);
  await sql`create virtual table search_text using fts5(
    body, title, standfirst, extra,
    content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
  )`.execute(db);
  await sql`insert into search_text (search_text, rank) values ('hashsize', ${sql.lit(16 * 1024 * 1024)})`.execute(db);
  const stored = await sql<{ any: number }>`select exists (select 1 from search_documents) as "any"`.execute(db);
  if (stored.rows[0]?.any) await requestSearchRebuild(db, '0015-search-text-body-first');
}
