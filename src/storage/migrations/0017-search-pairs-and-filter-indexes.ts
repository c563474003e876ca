// PostgreSQL: a phrase over common words («"accordo commerciale"», 36,571 articles of 100,000 holding both
// words, 1,507 the phrase) read the positions of every article holding the words, 67–162 ms. `pairs` holds
// a lexeme for each two adjacent terms of an article (postgres-term-vector.ts), under a GIN index of its own,
// which narrows a phrase to the articles holding its pairs. It is kept out of the row: in the row it made the
// index twice as wide, and a search reading the newest rows first read twice as many pages. A row past 3,500
// bytes (most are, with their pairs) moves its largest movable value out, which `pairs` is, as `terms` may
// now only be compressed in place (storage `main`), and is only where a row is still past the target (longer
// articles than 99 in 100 of the benchmark's).
// A filter by section or type read the newest rows of every section and type and checked the words of each
// (24,000 rows for «sanzioni» in analyses, 45 ms): an index per filter, then the rank key, reads only theirs.
// Entries written before have no pairs: where the index holds any, it is rebuilt after the last migration.
// SQLite's index is unchanged.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { requestSearchRebuild } from './search-rebuild-request.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents set (toast_tuple_target = 3500),
    add column pairs tsvector not null default '',
    alter column pairs set storage external,
    alter column terms set storage main`.execute(db);
  await sql`alter table search_documents alter column pairs drop default`.execute(db);
  await sql`create index search_documents_pairs on search_documents using gin (pairs)`.execute(db);
  await sql`create index search_documents_section on search_documents (section_id, rank_key)`.execute(db);
  await sql`create index search_documents_type on search_documents (type, rank_key)`.execute(db);
  const stored = await sql<{ any: boolean }>`select exists (select 1 from search_documents) as "any"`.execute(db);
  if (stored.rows[0]?.any) await requestSearchRebuild(db, '0017-search-pairs-and-filter-indexes');
}
