// PostgreSQL: one column for the text of the search index. `terms` now holds each term with its positions,
// sent by the analyser as a binary tsvector, and phrases are matched on those positions (`<->`); the text
// copy for phrases, `phrase_text` (0009), goes. A row is a third smaller and costs the server about half as
// much to write; it is kept whole in the table (storage `main`: compressed, out of line only when a row could
// not fit in a page) instead of going out to the TOAST table, which cost a second insert and a second read.
// Entries written before have no positions: 0016 rebuilds the index, after the last change to its table,
// which today's index code writes.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents drop column phrase_text, alter column terms set storage main`.execute(db);
}
