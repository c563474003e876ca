// An article's tsvector for PostgreSQL, built here in the binary form the server reads without parsing
// (tsvectorrecv): each term once, in order, with where it stands in the analysed fields. The GIN index reads
// the terms; a phrase is matched on the positions (`<->`). Fields are one position apart, so that no phrase
// runs from the title into the standfirst. Sent as a binary parameter, it costs the server a copy: about
// half of what building a tsvector from text cost, and no second copy of the text for phrases.
// Terms are counted by the analyser's term ids (arrays indexed by id, not a map of strings per article), and
// each id's lexeme bytes and sort key are worked out once, not once per article that has the term.
import { forEachTermId, forgetTermIdsIfMany, termIdCount, termOfId } from '../../domain/search/italian-analyzer.ts';

/** PostgreSQL keeps positions up to 16383; words further into an article are found, but not as part of a phrase. */
export const maxTermPosition = 16383;
/** PostgreSQL keeps at most 256 positions of one term; later ones are dropped the same way. */
export const maxPositionsPerTerm = 256;

/**
 * The binary tsvectors of a batch of documents, written one after another into one buffer: a batch crosses
 * from the analysis thread as one block of memory, not one per article.
 */
export class TermVectorBatch {
  private bytes = new Uint8Array(256 * 1024);
  private used = 0;
  private readonly ends: number[] = [];

  /** Adds the tsvector of one document's fields, analysed here (`isMarkup`: sanitised HTML). */
  add(fields: { text: string; isMarkup: boolean }[]): void {
    const { ids, occurrences } = collectOccurrences(fields);
    const terms = ids.map(termOfId);
    const sortKeys = new Float64Array(ids.length);
    let size = 4;
    for (let entry = 0; entry < ids.length; entry++) {
      const id = ids[entry] as number;
      if (id >= lexemeLengthOfId.length || (lexemeLengthOfId[id] as number) < 0) learnLexeme(id);
      sortKeys[entry] = sortKeyOfId[id] as number;
      size += (lexemeLengthOfId[id] as number) + 3 + 2 * (kept[entry] as number);
    }
    const order = sortedOrder(terms, sortKeys);
    this.reserve(size);
    const bytes = this.bytes;
    let offset = writeUint16(bytes, this.used, terms.length >>> 16); // the count is 32 bits
    offset = writeUint16(bytes, offset, terms.length & 0xffff);
    for (const entry of order) {
      const id = ids[entry] as number;
      const start = lexemeStartOfId[id] as number;
      const end = start + (lexemeLengthOfId[id] as number);
      for (let k = start; k < end; k++) bytes[offset++] = lexemeBytes[k] as number;
      bytes[offset++] = 0;
      offset = writeUint16(bytes, offset, kept[entry] as number);
      positionsAt[entry] = offset;
      offset += 2 * (kept[entry] as number);
    }
    for (let n = 0; n < occurrences; n++) {
      const position = occurrencePositions[n] as number;
      if (position === 0) continue;
      const entry = occurrenceEntries[n] as number;
      positionsAt[entry] = writeUint16(bytes, positionsAt[entry] as number, position);
    }
    this.used = offset;
    this.ends.push(offset);
  }

  /** Each document's tsvector, in the order added: views of the batch's one buffer. */
  vectors(): Uint8Array[] {
    const buffer = this.bytes.buffer.slice(0, this.used);
    return this.ends.map((end, i) => {
      const start = i === 0 ? 0 : (this.ends[i - 1] as number);
      return new Uint8Array(buffer, start, end - start);
    });
  }

  private reserve(size: number): void {
    if (this.used + size <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + size));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }
}

// Scratch space for one document, reused: each occurrence's entry (distinct term) and kept position (0 if
// past what PostgreSQL keeps), and per entry the positions kept and where the next one is written.
let occurrenceEntries = new Int32Array(4096);
let occurrencePositions = new Int32Array(4096);
let kept = new Int32Array(1024);
let positionsAt = new Int32Array(1024);
// Per term id: the entry it has in the document being collected, valid where its stamp is the document's.
let entryOfId = new Int32Array(1 << 16);
let stampOfId = new Int32Array(1 << 16);
let stamp = 0;

// Per term id: where its term is in UTF-8 in `lexemeBytes` (length -1: not yet worked out), and its key for
// `sortedOrder`. Filled as ids are met; forgotten with them.
let lexemeStartOfId = new Int32Array(1 << 16);
let lexemeLengthOfId = new Int32Array(1 << 16).fill(-1);
let sortKeyOfId = new Float64Array(1 << 16);
let lexemeBytes = new Uint8Array(1 << 19);
let lexemeBytesUsed = 0;

function learnLexeme(id: number): void {
  if (id >= lexemeLengthOfId.length) {
    const size = Math.max(2 * lexemeLengthOfId.length, termIdCount());
    lexemeStartOfId = grownCopy(lexemeStartOfId, size);
    const lengths = new Int32Array(size).fill(-1);
    lengths.set(lexemeLengthOfId);
    lexemeLengthOfId = lengths;
    const keys = new Float64Array(size);
    keys.set(sortKeyOfId);
    sortKeyOfId = keys;
  }
  const term = termOfId(id);
  const maxLength = 3 * term.length; // UTF-8 takes at most three bytes for each UTF-16 code unit
  if (lexemeBytesUsed + maxLength > lexemeBytes.length) {
    const grown = new Uint8Array(2 * (lexemeBytes.length + maxLength));
    grown.set(lexemeBytes.subarray(0, lexemeBytesUsed));
    lexemeBytes = grown;
  }
  const { written } = utf8.encodeInto(term, lexemeBytes.subarray(lexemeBytesUsed));
  lexemeStartOfId[id] = lexemeBytesUsed;
  lexemeLengthOfId[id] = written;
  lexemeBytesUsed += written;
  sortKeyOfId[id] = prefixKey(term);
}

function forgetLexemes(): void {
  lexemeLengthOfId.fill(-1);
  lexemeBytesUsed = 0;
}

/** The term id of each distinct term (an entry) in order of first occurrence, and how many occurrences there are. */
function collectOccurrences(fields: { text: string; isMarkup: boolean }[]): { ids: number[]; occurrences: number } {
  if (forgetTermIdsIfMany()) forgetLexemes();
  stamp += 1; // every stamp set before is lower: no entry of an earlier document (or of forgotten ids) counts
  const entries: number[] = [];
  let count = 0;
  let position = 0;
  const visit = (id: number) => {
    position += 1;
    if (id >= stampOfId.length) {
      const size = Math.max(2 * stampOfId.length, termIdCount());
      entryOfId = grownCopy(entryOfId, size);
      stampOfId = grownCopy(stampOfId, size);
    }
    let entry: number;
    if (stampOfId[id] === stamp) entry = entryOfId[id] as number;
    else {
      entry = entries.length;
      stampOfId[id] = stamp;
      entryOfId[id] = entry;
      entries.push(id);
      if (entry >= kept.length) {
        kept = grownCopy(kept, 2 * kept.length);
        positionsAt = new Int32Array(kept.length);
      }
      kept[entry] = 0;
    }
    if (count >= occurrenceEntries.length) {
      occurrenceEntries = grownCopy(occurrenceEntries, 2 * occurrenceEntries.length);
      occurrencePositions = grownCopy(occurrencePositions, 2 * occurrencePositions.length);
    }
    occurrenceEntries[count] = entry;
    const isKept = position <= maxTermPosition && (kept[entry] as number) < maxPositionsPerTerm;
    occurrencePositions[count] = isKept ? position : 0;
    if (isKept) kept[entry] = (kept[entry] as number) + 1;
    count += 1;
  };
  for (const { text, isMarkup } of fields) {
    forEachTermId(text, isMarkup, visit);
    position += 1;
  }
  return { ids: entries, occurrences: count };
}

function grownCopy(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}

const utf8 = new TextEncoder();

function writeUint16(bytes: Uint8Array, offset: number, value: number): number {
  bytes[offset] = value >>> 8;
  bytes[offset + 1] = value & 0xff;
  return offset + 2;
}

/** Room for a term's index beside its key: PostgreSQL takes at most 1 MiB of terms in a tsvector, so under 2^20 terms. */
const indexBits = 2 ** 21;

/**
 * The indices of `terms` in the terms' code-unit order, as `sort()` would order them, in a third of its
 * time: the terms are sorted as numbers made of their first four characters (which order them wherever those
 * differ), then each run of terms sharing a number is put in order by comparing the terms themselves.
 * PostgreSQL would sort an unsorted tsvector itself, on the import's one connection. `prefixKeys`, when
 * given, are those numbers worked out before (`prefixKey` of each term).
 */
export function sortedOrder(terms: string[], prefixKeys: ArrayLike<number> = terms.map(prefixKey)): Int32Array {
  const count = terms.length;
  const order = new Int32Array(count);
  const keyed = new Float64Array(count);
  for (let i = 0; i < count; i++) keyed[i] = (prefixKeys[i] as number) * indexBits + i;
  keyed.sort();
  let runStart = 0;
  let runKey = -1;
  for (let i = 0; i < count; i++) {
    const value = keyed[i] as number;
    const key = Math.floor(value / indexBits);
    const index = value - key * indexBits;
    if (key !== runKey) {
      runKey = key;
      runStart = i;
      order[i] = index;
      continue;
    }
    const term = terms[index] as string;
    let j = i;
    for (; j > runStart && (terms[order[j - 1] as number] as string) > term; j--) order[j] = order[j - 1] as number;
    order[j] = index;
  }
  return order;
}

/**
 * The first four characters as a number that never orders two terms wrongly: a character past 254 counts
 * as 255 and ends the number, so terms that differ only there or after it share one and are compared whole.
 */
function prefixKey(term: string): number {
  let key = 0;
  for (let p = 0; p < 4; p++) {
    const code = p < term.length ? term.charCodeAt(p) : 0;
    if (code >= 255) return (key * 256 + 255) * 256 ** (3 - p);
    key = key * 256 + code;
  }
  return key;
}
