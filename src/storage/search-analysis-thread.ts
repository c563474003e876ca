// Search analysis on a second thread, so that a bulk write (an import, a rebuild) keeps the main thread
// for its SQL and rendering while the terms are worked out beside it. Small batches (publishing one
// article) stay on this thread: a message round trip would cost more than the analysis.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisReply, AnalysisRequest, AnalysisWorkerData } from './search-analysis-worker.ts';
import { analyseInThisThread } from './search-analysis.ts';
import type { SearchAnalyser, SearchFields } from './search-documents.ts';

/** Below this many documents a batch is analysed here. */
const minDocumentsForThread = 50;

/**
 * The analysis thread's nice value on Linux (where each thread has its own): it is background work. An import
 * is a chain of its main thread and its database connection waiting on each other; on a two-core machine
 * shared with PostgreSQL, an analysis thread competing with them on equal terms delays that chain. At nice 10
 * it gets the cores they leave idle, and about a tenth of one where they leave none; a server's main thread,
 * answering readers while a rebuild runs, keeps its share the same way.
 */
export const analysisThreadNice = 10;

export type ThreadedSearchAnalyser = { analyse: SearchAnalyser; close: () => Promise<void> };

/**
 * An analyser backed by the bundled worker script at `workerUrl`. Where that script does not exist (the
 * TypeScript sources run directly, as in tests), every batch is analysed on this thread.
 */
export function threadedSearchAnalyser(workerUrl: URL): ThreadedSearchAnalyser {
  if (!fs.existsSync(fileURLToPath(workerUrl))) return { analyse: analyseInThisThread, close: async () => {} };
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (fields: SearchFields[]) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    worker = null;
  };
  const start = (): Worker => {
    const workerData: AnalysisWorkerData = { nice: analysisThreadNice };
    const started = new Worker(workerUrl, { workerData });
    started.on('message', (reply: AnalysisReply) => {
      const entry = waiting.get(reply.id);
      if (!entry) return;
      waiting.delete(reply.id);
      if ('error' in reply) entry.reject(new Error(`search analysis failed: ${reply.error}`));
      else entry.resolve(reply.fields);
      // An idle worker must not keep the process alive; a busy one must, or an awaited reply could be lost.
      if (waiting.size === 0) started.unref();
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`search analysis thread stopped (exit code ${code})`));
    });
    return started;
  };

  return {
    analyse: (sources, needs) => {
      if (sources.length < minDocumentsForThread) return analyseInThisThread(sources, needs);
      worker ??= start();
      worker.ref();
      const id = nextId++;
      const reply = new Promise<SearchFields[]>((resolve, reject) => waiting.set(id, { resolve, reject }));
      const request: AnalysisRequest = {
        id,
        sources: sources.map(({ title, standfirst, extra, bodyHtml }) => ({ title, standfirst, extra, bodyHtml })),
        needs,
      };
      worker.postMessage(request);
      return reply;
    },
    close: async () => {
      const stopping = worker;
      worker = null;
      if (stopping) await stopping.terminate();
    },
  };
}
