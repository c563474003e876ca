// The analyser reads "gran" and "san" as the stems of "grande" and "santo" (italian-analyzer.ts); entries
// written before hold them as they were, where they met «grano» and «sano». The index is rebuilt, on both
// databases, where it holds anything. The related-articles terms are left as they are: two words among an
// article's many, signed again when the article next changes.
import { sql, type Kysely } from 'kysely';
import { requestSearchRebuild } from './search-rebuild-request.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const stored = await sql<{ any: number | boolean }>`select exists (select 1 from search_documents) as "any"`.execute(
    db,
  );
  if (stored.rows[0]?.any) await requestSearchRebuild(db, '0014-search-shortened-words');
}
