// The related-articles computation as a worker thread's entry point, with its own database connection: it
// answers { id, budgetMs } with { id, progress } after working through the queue for about that long.
// bin/testata.mjs bundles it beside the app (related-articles-worker.mjs); see related-articles-thread.ts.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { UnavailableError } from '../domain/errors.ts';
import { Database, type DatabaseLocation } from '../storage/database.ts';
import { createRepositories, createTransactionRunner } from '../storage/repositories.ts';
import { aloneBatchSizes, RelatedArticlesService, type RelatedProgress } from './related-articles-service.ts';

export type RelatedWorkerData = { location: DatabaseLocation; nice: number };
export type RelatedRequest = { id: number; budgetMs: number } | { close: true };
/** `isUnavailable`: the database was away (an UnavailableError), which the server logs as an outage, not a bug. */
export type RelatedReply =
  | { id: number; progress: RelatedProgress }
  | { id: number; error: string; isUnavailable: boolean };

const { location, nice } = workerData as RelatedWorkerData;
// On Linux a nice value belongs to one thread (pid 0 is the calling one): this thread alone gives way to the
// serving thread. Elsewhere it would be the whole process's, so it stays as it is.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, nice);
  } catch {
    // Not allowed here (a sandbox may forbid it): the work runs at the process's priority.
  }
}

// The serving thread migrated the database before starting this one. This connection blocks only this
// thread while another process writes, so it keeps a command's busy timeout.
const database = Database.open(location);
const options = { signal: database.changeSignal };
const service = new RelatedArticlesService(
  createRepositories(database.db, database.dialect, options).relatedArticles,
  createTransactionRunner(database.db, database.dialect, options),
);

let running: Promise<void> = Promise.resolve();

parentPort?.on('message', (request: RelatedRequest) => {
  running = running.then(async () => {
    if ('close' in request) {
      await database.close();
      parentPort?.close();
      return;
    }
    let reply: RelatedReply;
    try {
      // Batches as large as a command's: no request waits on this thread between them.
      reply = { id: request.id, progress: await service.computePending(request.budgetMs, aloneBatchSizes) };
    } catch (error) {
      if (error instanceof UnavailableError) reply = { id: request.id, error: error.message, isUnavailable: true };
      else {
        const failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
        reply = { id: request.id, error: failure, isUnavailable: false };
      }
    }
    parentPort?.postMessage(reply);
  });
});
