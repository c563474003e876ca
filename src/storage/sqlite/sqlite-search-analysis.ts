// What the SQLite index needs analysed besides the heading fields: each body's terms, as UTF-8 text (FTS5
// reads a blob as text). A batch's bodies share one buffer, which crosses from the analysis thread without a
// copy, where as strings they cost the import's main thread their decoding, their encoding for SQLite and
// their collection.
import { italianTermsOfHtml } from '../../domain/search/italian-analyzer.ts';
import type { SearchFieldsSource } from '../search-documents.ts';

/** Each document's body terms, joined by single spaces, as UTF-8 views of one buffer. */
export function bodyTermsOf(sources: SearchFieldsSource[]): Uint8Array[] {
  return utf8Views(sources.map((source) => italianTermsOfHtml(source.bodyHtml).join(' ')));
}

/** Each text as UTF-8, all in one buffer. */
function utf8Views(texts: string[]): Uint8Array[] {
  const lengths = texts.map((text) => Buffer.byteLength(text, 'utf8'));
  const bytes = Buffer.from(new ArrayBuffer(lengths.reduce((sum, n) => sum + n, 0)));
  let offset = 0;
  return texts.map((text, i) => {
    const view = new Uint8Array(bytes.buffer, offset, lengths[i]);
    offset += bytes.write(text, offset, 'utf8');
    return view;
  });
}
