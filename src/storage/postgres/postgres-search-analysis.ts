// What the PostgreSQL index needs analysed besides the heading fields: each document's binary tsvectors
// (postgres-term-vector.ts) of its terms and of its pairs of adjacent terms, over title, standfirst, extra and
// body, a batch's in one buffer each.
import type { SearchFieldsSource } from '../search-documents.ts';
import { TermVectorBatch } from './postgres-term-vector.ts';

/** Each document's tsvectors, as views of one buffer for the terms and one for the pairs. */
export function termVectorsOf(sources: SearchFieldsSource[]): { terms: Uint8Array[]; pairs: Uint8Array[] } {
  const vectors = new TermVectorBatch();
  for (const source of sources) {
    vectors.add([
      { text: source.title, isMarkup: false },
      { text: source.standfirst, isMarkup: false },
      { text: source.extra, isMarkup: false },
      { text: source.bodyHtml, isMarkup: true },
    ]);
  }
  return { terms: vectors.vectors(), pairs: vectors.pairVectors() };
}
