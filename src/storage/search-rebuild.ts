// After the last migration: the search index rebuilt once, with today's analyser, if a migration asked for it
// (migrations/search-rebuild-request.ts), however many did.
import { sql } from 'kysely';
import type { Db, Dialect } from './database-schema.ts';
import { searchRebuildRequestTable } from './migrations/search-rebuild-request.ts';
import { SearchIndexRepository } from './search-index.ts';
import { storageDialects } from './storage-dialects.ts';

/**
 * Rebuilds the index if a request is recorded; returns how many articles it then holds, or undefined when
 * nothing was asked. The requests go in the transaction of the rebuild, so a process that stops before it
 * commits leaves them for the next start. Processes starting together on PostgreSQL: the first to delete
 * the requests holds their rows until it commits; the others wait for it, then find none.
 */
export async function rebuildSearchIndexIfRequested(db: Db, dialect: Dialect): Promise<number | undefined> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === searchRebuildRequestTable)) return undefined;
  const { rows } = await sql<{
    migration: string;
  }>`select migration from ${sql.table(searchRebuildRequestTable)}`.execute(db);
  if (rows.length === 0) return undefined;
  return db.transaction().execute(async (trx) => {
    // Waiting for another process's rebuild, then rebuilding a large archive, takes longer than a request may.
    await storageDialects[dialect].liftStatementTimeout(trx);
    const { rows: claimed } = await sql<{
      migration: string;
    }>`delete from ${sql.table(searchRebuildRequestTable)} returning migration`.execute(trx);
    if (claimed.length === 0) return undefined;
    const search = new SearchIndexRepository(trx, dialect);
    try {
      return await search.rebuild();
    } catch (error) {
      // As the transaction runner does: nothing queued may run after the rollback, and a queued failure is the cause.
      const failure = await search.queuedFailure();
      await search.abandon();
      throw failure ?? error;
    }
  });
}
