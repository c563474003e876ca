// Related articles computed beside a server: on a worker thread with its own database connection, so the
// scoring and the database calls (synchronous on SQLite) never hold up a request. Run from the TypeScript
// sources (tests), where the bundled worker script does not exist, the work stays on this thread in short slices.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UnavailableError } from '../domain/errors.ts';
import type { DatabaseLocation } from '../storage/database.ts';
import type { RelatedArticlesService, RelatedProgress } from './related-articles-service.ts';
import type { RelatedReply, RelatedRequest, RelatedWorkerData } from './related-articles-worker.ts';

/** Background work: the thread gets the cores the serving thread leaves idle (see search-analysis-thread.ts). */
export const relatedThreadNice = 10;
/** On this thread, a slice of work then a pause at least as long, so readers keep most of the CPU. */
const onThisThreadSliceMs = 250;
/** On the worker, longer runs: each costs the job runner a claim and a reschedule. */
const onWorkerBudgetMs = 2000;
/** How long a closing worker may take to finish its batch and close its connection before it is stopped. */
const closeGraceMs = 5000;

export type RelatedComputer = {
  /** Works through the queue for a while; `pauseMs`: how long to wait before the next run if not done. */
  computePending(): Promise<RelatedProgress & { pauseMs: number }>;
  close(): Promise<void>;
};

export function relatedComputer(
  workerUrl: URL,
  location: DatabaseLocation,
  onThisThread: RelatedArticlesService,
): RelatedComputer {
  if (!fs.existsSync(fileURLToPath(workerUrl)))
    return {
      computePending: async () => ({
        ...(await onThisThread.computePending(onThisThreadSliceMs)),
        pauseMs: onThisThreadSliceMs,
      }),
      close: async () => {},
    };
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (progress: RelatedProgress) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    worker = null;
  };
  const start = (): Worker => {
    const workerData: RelatedWorkerData = { location, nice: relatedThreadNice };
    const started = new Worker(workerUrl, { workerData });
    started.on('message', (reply: RelatedReply) => {
      const entry = waiting.get(reply.id);
      if (!entry) return;
      waiting.delete(reply.id);
      if ('error' in reply) entry.reject(failureOf(reply));
      else entry.resolve(reply.progress);
      // An idle worker must not keep the process alive; a busy one must, or an awaited reply could be lost.
      if (waiting.size === 0) started.unref();
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      // Only one worker runs at a time, so whatever still waits was asked of this one.
      if (worker === started || waiting.size > 0)
        failAll(new Error(`related articles thread stopped (exit code ${code})`));
    });
    return started;
  };
  const post = (request: RelatedRequest) => worker?.postMessage(request);

  return {
    computePending: async () => {
      worker ??= start();
      worker.ref();
      const id = nextId++;
      const reply = new Promise<RelatedProgress>((resolve, reject) => waiting.set(id, { resolve, reject }));
      post({ id, budgetMs: onWorkerBudgetMs });
      return { ...(await reply), pauseMs: 0 };
    },
    close: async () => {
      const stopping = worker;
      worker = null;
      if (!stopping) return;
      const exited = new Promise((resolve) => stopping.once('exit', resolve));
      stopping.ref();
      stopping.postMessage({ close: true } satisfies RelatedRequest);
      const grace = setTimeout(() => void stopping.terminate(), closeGraceMs);
      await exited;
      clearTimeout(grace);
    },
  };
}

/** The worker's failure as this thread's error: an unavailable database stays an UnavailableError. */
function failureOf(reply: { error: string; isUnavailable: boolean }): Error {
  return reply.isUnavailable
    ? new UnavailableError(reply.error)
    : new Error(`related articles computation failed: ${reply.error}`);
}
