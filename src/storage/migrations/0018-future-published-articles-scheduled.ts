// Issue 20: an article imported as `published` with a date in the future was live at once. Writes now store such
// an article as `scheduled` (statusToStore in domain/article.ts); this turns the rows written before into
// `scheduled` too, so the scheduled-publishing job publishes them at their time. The search index held them as
// published: if any had an entry, the index is rebuilt once the migrations are done.
import { sql, type Kysely } from 'kysely';
import { requestSearchRebuild } from './search-rebuild-request.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every writer stores published_at as toISOString() text, so text order is time order.
  const now = new Date().toISOString();
  const indexed = await sql<{ any: number | boolean }>`select exists (
      select 1 from articles a join search_documents d on d.article_id = a.id
      where a.status = 'published' and a.published_at > ${now}
    ) as "any"`.execute(db);
  await sql`update articles set status = 'scheduled', changed_at = ${now}
    where status = 'published' and published_at > ${now}`.execute(db);
  if (indexed.rows[0]?.any) await requestSearchRebuild(db, '0018-future-published-articles-scheduled');
}
