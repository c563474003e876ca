// Analysing documents for the search index: the heading fields' terms, which ranking reads on both databases,
// and what the index in use needs besides (`AnalysisNeeds`): SQLite's body terms as text, PostgreSQL's
// tsvectors, each worked out in its dialect folder. The needs are plain data because the analysis may run on
// a worker thread (search-analysis-worker.ts), which gets data, not the index.
import { italianTerms } from '../domain/search/italian-analyzer.ts';
import { termVectorsOf } from './postgres/postgres-search-analysis.ts';
import type { AnalysisNeeds, SearchAnalyser, SearchFields, SearchFieldsSource } from './search-documents.ts';
import { bodyTermsOf } from './sqlite/sqlite-search-analysis.ts';

/** The fields of each document, in order; the bodies of a batch share one buffer, and so do its tsvectors. */
export function analyseSearchFields(sources: SearchFieldsSource[], needs: AnalysisNeeds): SearchFields[] {
  const bodies = needs.bodyText ? bodyTermsOf(sources) : null;
  const analysed = sources.map((source, i) => {
    const fields: SearchFields = {
      title: italianTerms(source.title).join(' '),
      standfirst: italianTerms(source.standfirst).join(' '),
      extra: italianTerms(source.extra).join(' '),
    };
    if (bodies) fields.body = bodies[i];
    return fields;
  });
  if (needs.termVector) {
    const { terms, pairs } = termVectorsOf(sources);
    for (const [i, fields] of analysed.entries()) {
      fields.termVector = terms[i];
      fields.pairVector = pairs[i];
    }
  }
  return analysed;
}

/** The buffers under these fields' bytes, each once: a reply from the analysis thread hands them over whole. */
export function buffersOf(fields: SearchFields[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const { body, termVector, pairVector } of fields) {
    if (body) buffers.add(body.buffer as ArrayBuffer);
    if (termVector) buffers.add(termVector.buffer as ArrayBuffer);
    if (pairVector) buffers.add(pairVector.buffer as ArrayBuffer);
  }
  return [...buffers];
}

export const analyseInThisThread: SearchAnalyser = async (sources, needs) => analyseSearchFields(sources, needs);
