// An article's tsvector for PostgreSQL, built here in the binary form the server reads without parsing
// (tsvectorrecv): each term once, in order, with where it stands in the analysed fields. The GIN index reads
// the terms; a phrase is matched on the positions (`<->`). Fields are one position apart, so that no phrase
// runs from the title into the standfirst. Sent as a binary parameter, it costs the server a copy: about
// half of what building a tsvector from text cost, and no second copy of the text for phrases.
// Terms are counted by the analyser's term ids (arrays indexed by id, not a map of strings per article), and
// each id's lexeme bytes and sort key are worked out once, not once per article that has the term.
// Each two terms that stand next to each other also give a short lexeme without positions (`pairLexeme`), in
// a second tsvector that PostgreSQL keeps out of the row (migration 0017), so that a GIN index narrows a
// phrase to the articles that hold its pairs: on positions alone, «"accordo commerciale"» read the terms of
// the 36,571 articles that hold both words to find the 1,507 that hold the phrase. A pair lexeme is a
// 24-bit hash, not the two terms (five bytes where the terms took fifteen); the positions still decide.
import { forEachTermId, forgetTermIdsIfMany, termIdCount, termOfId } from '../../domain/search/italian-analyzer.ts';

/** PostgreSQL keeps positions up to 16383; words further into an article are found, but not as part of a phrase. */
export const maxTermPosition = 16383;
/** PostgreSQL keeps at most 256 positions of one term; later ones are dropped the same way. */
export const maxPositionsPerTerm = 256;

/**
 * The lexeme of two terms that stand next to each other (at kept positions, in one field): "%" and four
 * characters of a hash of the two. A phrase is looked up by its pairs' lexemes, then checked on positions
 * (another pair may share a lexeme).
 */
export function pairLexeme(first: string, second: string): string {
  return new TextDecoder().decode(
    pairLexemeBytesOf(pairCode(termHash(utf8.encode(first)), termHash(utf8.encode(second)))),
  );
}

/**
 * The binary tsvectors of a batch of documents, their terms' and their pairs', each kind written one after
 * another into one buffer: a batch crosses from the analysis thread as two blocks of memory, not two per article.
 */
export class TermVectorBatch {
  private readonly terms = new VectorBuffer();
  private readonly pairs = new VectorBuffer();

  /** Adds the tsvectors of one document's fields, analysed here (`isMarkup`: sanitised HTML). */
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
    const bytes = this.terms.reserve(size);
    let offset = writeUint16(bytes, this.terms.used, terms.length >>> 16); // the count is 32 bits
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
    this.terms.end(offset);
    this.addPairs(ids, occurrences);
  }

  /** Each document's tsvector of terms, in the order added: views of the batch's one buffer. */
  vectors(): Uint8Array[] {
    return this.terms.views();
  }

  /** Each document's tsvector of pairs, in the order added. */
  pairVectors(): Uint8Array[] {
    return this.pairs.views();
  }

  /**
   * The pairs of terms at neighbouring kept positions (one apart: never across fields, which are two apart).
   * Their lexemes all have one length, so they sort as their codes do. At most 16,383 of them take 82 kB,
   * well within what a tsvector may hold.
   */
  private addPairs(ids: number[], occurrences: number): void {
    const found = new Int32Array(Math.max(0, occurrences - 1));
    let used = 0;
    for (let n = 1; n < occurrences; n++) {
      const position = occurrencePositions[n] as number;
      const before = occurrencePositions[n - 1] as number;
      if (position === 0 || before === 0 || position !== before + 1) continue;
      const first = ids[occurrenceEntries[n - 1] as number] as number;
      const second = ids[occurrenceEntries[n] as number] as number;
      found[used++] = pairCode(termHashOfId[first] as number, termHashOfId[second] as number);
    }
    const codes = found.subarray(0, used).sort();
    let distinct = 0;
    for (let p = 0; p < used; p++) if (p === 0 || codes[p] !== codes[p - 1]) codes[distinct++] = codes[p] as number;
    const bytes = this.pairs.reserve(4 + distinct * (pairLexemeLength + 3));
    let offset = writeUint16(bytes, this.pairs.used, 0);
    offset = writeUint16(bytes, offset, distinct);
    for (let p = 0; p < distinct; p++) {
      bytes.set(pairLexemeBytesOf(codes[p] as number), offset);
      offset += pairLexemeLength;
      bytes[offset++] = 0;
      offset = writeUint16(bytes, offset, 0); // no positions
    }
    this.pairs.end(offset);
  }
}

/** Binary tsvectors written one after another. */
class VectorBuffer {
  private bytes = new Uint8Array(256 * 1024);
  used = 0;
  private readonly ends: number[] = [];

  /** The buffer, with room for `size` more bytes after `used`. */
  reserve(size: number): Uint8Array {
    if (this.used + size > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + size));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    return this.bytes;
  }

  /** Ends the vector being written at `offset`. */
  end(offset: number): void {
    this.used = offset;
    this.ends.push(offset);
  }

  views(): Uint8Array[] {
    const buffer = this.bytes.buffer.slice(0, this.used);
    return this.ends.map((end, i) => {
      const start = i === 0 ? 0 : (this.ends[i - 1] as number);
      return new Uint8Array(buffer, start, end - start);
    });
  }
}

const utf8 = new TextEncoder();

/** FNV-1a of a term's UTF-8. */
function termHash(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let hash = 0x811c9dc5 | 0;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ (bytes[k] as number), 0x01000193);
  return hash;
}

/** 24 bits of a pair of term hashes, in order, mixed as MurmurHash3 finishes. */
function pairCode(first: number, second: number): number {
  let hash = Math.imul(first, 0x01000193) ^ second;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 8) & 0xffffff;
}

/** Six bits a character, in ascending character order, so that the lexemes sort as their codes do. */
const pairAlphabet = utf8.encode('0123456789@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz');
const pairLexemeLength = 5;
const pairScratch = new Uint8Array(pairLexemeLength);

/** The UTF-8 of a pair code's lexeme, in a buffer reused by the next call. */
function pairLexemeBytesOf(code: number): Uint8Array {
  pairScratch[0] = 0x25; // %
  for (let k = 1; k < pairLexemeLength; k++)
    pairScratch[k] = pairAlphabet[(code >>> (6 * (pairLexemeLength - 1 - k))) & 63] as number;
  return pairScratch;
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

// Per term id: where its term is in UTF-8 in `lexemeBytes` (length -1: not yet worked out), its key for
// `sortedOrder` and its hash for pair codes. Filled as ids are met; forgotten with them.
let lexemeStartOfId = new Int32Array(1 << 16);
let lexemeLengthOfId = new Int32Array(1 << 16).fill(-1);
let sortKeyOfId = new Float64Array(1 << 16);
let termHashOfId = new Int32Array(1 << 16);
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
    termHashOfId = grownCopy(termHashOfId, size);
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
  termHashOfId[id] = termHash(lexemeBytes, lexemeBytesUsed, lexemeBytesUsed + written);
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
