// The search index, cheaper to write.
// PostgreSQL: the positional tsvector `document` goes; phrases are checked in `phrase_text` instead, the
// analysed terms as plain text (fields apart), where a phrase is a substring. Writing a row no longer
// makes PostgreSQL parse and compress a second, larger tsvector: an import spends a third less on the index.
// SQLite: FTS5 keeps up to 16 MiB of new entries in memory before writing a segment (the default, 1 MiB,
// made a 100,000-article import write and merge hundreds of small segments).
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { requestSearchRebuild } from './search-rebuild-request.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table search_documents drop column document`.execute(db);
    // lz4 costs a fraction of the default pglz to compress, and phrase checks decompress it.
    await sql`alter table search_documents add column phrase_text text compression lz4 not null default ''`.execute(db);
    await sql`alter table search_documents alter column phrase_text drop default`.execute(db);
    // Rebuilt by 0011, in the index's final form.
  } else {
    await sql`insert into search_text (search_text, rank) values ('hashsize', ${sql.lit(16 * 1024 * 1024)})`.execute(
      db,
    );
    // An archive from before 0006 is not indexed yet.
    const indexed = await sql<{ n: number }>`select count(*) as n from search_documents`.execute(db);
    const stored = await sql<{ any: number }>`select exists (select 1 from articles) as "any"`.execute(db);
    if (Number(indexed.rows[0]?.n) === 0 && stored.rows[0]?.any)
      await requestSearchRebuild(db, '0009-search-index-tuning');
  }
}
