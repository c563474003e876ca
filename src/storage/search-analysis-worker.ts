// The search analyser as a worker thread's entry point: it answers { id, sources } with { id, fields }.
// bin/testata.mjs bundles it beside the app (search-analysis-worker.mjs); see search-analysis-thread.ts.
import { parentPort } from 'node:worker_threads';
import { analyseSearchFields, type AnalysisNeeds, type SearchFieldsSource } from './search-documents.ts';

export type AnalysisRequest = { id: number; sources: SearchFieldsSource[]; needs: AnalysisNeeds };
export type AnalysisReply = { id: number; fields: ReturnType<typeof analyseSearchFields> } | { id: number; error: string };

parentPort?.on('message', ({ id, sources, needs }: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { id, fields: analyseSearchFields(sources, needs) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(reply);
});
