// What the transaction runner (src/storage/repositories.ts) does around a search index, with the
// transaction's handle at hand: for tests that look inside the transaction as it runs.
import type { Database } from '../../src/storage/database.ts';
import type { Db } from '../../src/storage/database-schema.ts';
import { createRepositories, type RepositoryOptions } from '../../src/storage/repositories.ts';
import type { SearchIndexRepository } from '../../src/storage/search-index.ts';

export const inSearchTransaction = (
  database: Database,
  options: RepositoryOptions,
  work: (trx: Db, search: SearchIndexRepository) => Promise<void>,
) =>
  database.db.transaction().execute(async (trx) => {
    const { search } = createRepositories(trx, database.dialect, options);
    try {
      await work(trx, search);
      await search.beforeCommit();
    } catch (error) {
      await search.queuedFailure();
      await search.abandon();
      throw error;
    }
  });
