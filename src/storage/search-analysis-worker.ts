// The search analyser as a worker thread's entry point: it answers { id, sources } with { id, fields }.
// bin/testata.mjs bundles it beside the app (search-analysis-worker.mjs); see search-analysis-thread.ts.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { analyseSearchFields, buffersOf } from './search-analysis.ts';
import type { AnalysisNeeds, SearchFieldsSource } from './search-documents.ts';

export type AnalysisWorkerData = { nice: number };
export type AnalysisRequest = { id: number; sources: SearchFieldsSource[]; needs: AnalysisNeeds };
export type AnalysisReply =
  | { id: number; fields: ReturnType<typeof analyseSearchFields> }
  | { id: number; error: string };

// On Linux a nice value belongs to one thread, and pid 0 names the calling one: this thread alone gives way.
// Elsewhere it would be the whole process's, so it stays as it is.
if (process.platform === 'linux' && workerData) {
  try {
    os.setPriority(0, (workerData as AnalysisWorkerData).nice);
  } catch {
    // Not allowed here (a sandbox may forbid it): the analysis runs at the process's priority, as before.
  }
}

parentPort?.on('message', ({ id, sources, needs }: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { id, fields: analyseSearchFields(sources, needs) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  // The fields' buffers move to the main thread rather than being copied.
  parentPort?.postMessage(reply, 'fields' in reply ? buffersOf(reply.fields) : []);
});
