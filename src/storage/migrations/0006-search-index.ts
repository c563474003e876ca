// The search index: one row per published, indexable article, keyed by `rank_key` (its publication second
// × 16, nudged to be unique) so that "newest matches first" is the key order itself.
// SQLite keeps the analysed text in a contentless FTS5 table whose rowid is that key; PostgreSQL keeps
// tsvectors of the same terms, one without positions under a GIN index and one with them for phrases
// (0009 replaces the second with plain text). `heading_terms` (title, standfirst, dateline and
// sources, analysed) is what ranking reads. Terms come from our Italian analyser, never from the
// database's own parsers, so both databases match the same articles and rank them alike.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('search_documents')
    // On SQLite only INTEGER PRIMARY KEY is the rowid itself (no second index).
    .addColumn('rank_key', isPostgres ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().unique().references('articles.id').onDelete('cascade'))
    .addColumn('section_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('heading_terms', 'text', (c) => c.notNull())
    .$call((table) =>
      isPostgres
        ? table
            .addColumn('document', sql`tsvector`, (c) => c.notNull())
            .addColumn('terms', sql`tsvector`, (c) => c.notNull())
        : table,
    )
    .execute();
  if (isPostgres) {
    await sql`create index search_documents_terms on search_documents using gin (terms)`.execute(db);
  } else {
    await sql`create virtual table search_text using fts5(
      title, standfirst, body, extra,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
    )`.execute(db);
  }
  // An archive from before this migration is indexed by 0009, in the index's final form.
}
