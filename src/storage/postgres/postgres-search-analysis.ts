// What the PostgreSQL index needs analysed besides the heading fields: each document's binary tsvector
// (postgres-term-vector.ts), over title, standfirst, extra and body, a batch's in one buffer.
import type { SearchFieldsSource } from '../search-documents.ts';
import { TermVectorBatch } from './postgres-term-vector.ts';

/** Each document's tsvector, as views of one buffer. */
export function termVectorsOf(sources: SearchFieldsSource[]): Uint8Array[] {
  const vectors = new TermVectorBatch();
  for (const source of sources) {
    vectors.add([
      { text: source.title, isMarkup: false },
      { text: source.standfirst, isMarkup: false },
      { text: source.extra, isMarkup: false },
      { text: source.bodyHtml, isMarkup: true },
    ]);
  }
  return vectors.vectors();
}
