// Italian text to search terms, the same for articles and for queries: words are cut at anything that is
// not a letter or a digit (so "l'esercito" gives "l" and "esercito", and "perche'" gives "perche"),
// folded to lower case without accents ("città" → "citta"), stop words dropped, and the rest reduced by
// a light stemmer that only removes inflection, so that singular and plural, masculine and feminine meet.
// Indexing runs this over every article of an import, so the scanner works on character codes.
import { kindsByCode } from '../character-kinds.ts';

export type AnalyzedTerm = {
  term: string;
  /** Where the word sits in the analysed text, in UTF-16 code units: used to highlight snippets. */
  start: number;
  end: number;
};

/** Longer "words" are noise (a pasted hash, a 10 kB run of letters); they are not indexed or searched. */
export const maxWordLength = 40;

/** The terms of `text`, in order, with their places. Stop words leave no gap: "ministro degli Esteri" is two adjacent terms. */
export function analyzeItalian(text: string): AnalyzedTerm[] {
  const terms: AnalyzedTerm[] = [];
  scanWords(text, false, (start, end, hash) => {
    const term = termAt(text, start, end, hash);
    if (term !== null) terms.push({ term, start, end });
  });
  return terms;
}

/** Just the terms of `text`. */
export function italianTerms(text: string): string[] {
  return termsOf(text, false);
}

/** The terms of sanitised HTML, read straight from the markup: tags and character references separate words. */
export function italianTermsOfHtml(html: string): string[] {
  return termsOf(html, true);
}

function termsOf(text: string, isMarkup: boolean): string[] {
  const terms: string[] = [];
  scanWords(text, isMarkup, (start, end, hash) => {
    const term = termAt(text, start, end, hash);
    if (term !== null) terms.push(term);
  });
  return terms;
}

/**
 * Calls `visit` with the id of each term of `text` (sanitised HTML when `isMarkup`), in order: a number that
 * stands for the term (`termOfId`) and is below `termIdCount()`. A caller that counts terms by id (the
 * PostgreSQL term vector does, for every article of an import) indexes arrays instead of hashing strings.
 * Ids stay valid until `forgetTermIdsIfMany` forgets them.
 */
export function forEachTermId(text: string, isMarkup: boolean, visit: (id: number) => void): void {
  scanWords(text, isMarkup, (start, end, hash) => {
    const id = slotTermIds[slotOf(text, start, end, hash)] as number;
    if (id >= 0) visit(id);
  });
}

/** The term an id stands for. */
export function termOfId(id: number): string {
  return termById[id] as string;
}

/** Ids in use are below this. */
export function termIdCount(): number {
  return termById.length;
}

/**
 * Forgets every id once there are `maxTermIds` (a vocabulary's worth), so that an archive's stray words do
 * not pile up: returns whether it did. Call it only where no id is held, between two documents.
 */
export function forgetTermIdsIfMany(): boolean {
  if (termById.length < maxTermIds) return false;
  forgetWords();
  termIdByTerm.clear();
  termById.length = 0;
  return true;
}

const maxTermIds = 1 << 18;
const termIdByTerm = new Map<string, number>();
const termById: string[] = [];

function idOfTerm(term: string): number {
  let id = termIdByTerm.get(term);
  if (id === undefined) {
    id = termById.length;
    termIdByTerm.set(term, id);
    termById.push(term);
  }
  return id;
}

/**
 * The terms of words as written, remembered: texts repeat their words, and a word found here costs no
 * string of its own. An open-addressing table keyed by the word's characters, kept in `remembered`; it is
 * emptied when full.
 */
const slotCount = 1 << 17;
const slotMask = slotCount - 1;
const maxRemembered = (slotCount * 3) / 4;
const slotHashes = new Int32Array(slotCount);
/** Where the slot's word starts in `rememberedCharacters`, plus one (0: the slot is free). */
const slotOffsets = new Int32Array(slotCount);
const slotLengths = new Uint8Array(slotCount);
const slotTerms: (string | null)[] = new Array<string | null>(slotCount).fill(null);
/** The id of the slot's term (`forEachTermId`), or -1 for a stop word. */
const slotTermIds = new Int32Array(slotCount);
const rememberedCharacters = new Uint16Array(maxRemembered * 12);
let rememberedWords = 0;
let charactersUsed = 0;

/** The term the word at `start`–`end` of `text` stands for (`hash` of its characters), or null for a stop word. */
function termAt(text: string, start: number, end: number, hash: number): string | null {
  return slotTerms[slotOf(text, start, end, hash)] as string | null;
}

/** The slot that remembers the word at `start`–`end` of `text`, filled now if the word is new. */
function slotOf(text: string, start: number, end: number, hash: number): number {
  const length = end - start;
  let slot = (hash ^ (hash >>> 15)) & slotMask;
  for (;;) {
    const offset = slotOffsets[slot] as number;
    if (offset === 0) break;
    if (slotHashes[slot] === hash && slotLengths[slot] === length && sameCharacters(text, start, length, offset - 1))
      return slot;
    slot = (slot + 1) & slotMask;
  }
  if (rememberedWords >= maxRemembered || charactersUsed + length > rememberedCharacters.length) {
    forgetWords();
    slot = (hash ^ (hash >>> 15)) & slotMask;
  }
  const folded = foldWord(text.slice(start, end));
  const term = stopWords.has(folded) ? null : stemItalian(folded);
  for (let k = 0; k < length; k++) rememberedCharacters[charactersUsed + k] = text.charCodeAt(start + k);
  slotHashes[slot] = hash;
  slotOffsets[slot] = charactersUsed + 1;
  slotLengths[slot] = length;
  slotTerms[slot] = term;
  slotTermIds[slot] = term === null ? -1 : idOfTerm(term);
  charactersUsed += length;
  rememberedWords += 1;
  return slot;
}

function sameCharacters(text: string, start: number, length: number, offset: number): boolean {
  for (let k = 0; k < length; k++) if (text.charCodeAt(start + k) !== rememberedCharacters[offset + k]) return false;
  return true;
}

function forgetWords(): void {
  slotOffsets.fill(0);
  slotTerms.fill(null);
  rememberedWords = 0;
  charactersUsed = 0;
}

/** Lower case without accents or ligatures: "Città" → "citta", "Straße" → "strasse". */
export function foldWord(word: string): string {
  let folded = '';
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    const isPair = code >= 0xd800 && code <= 0xdbff && k + 1 < word.length;
    folded += foldCharacter(code, isPair ? word.slice(k, k + 2) : (word[k] as string)) ?? '';
    if (isPair) k += 1;
  }
  return folded;
}

/**
 * A light stemmer for folded Italian words: it removes the final vowel that marks gender and number,
 * together with the "i" of -io/-ia/-ie/-ii ("esercizio", "esercizi") and the "h" that keeps a hard
 * sound in plurals ("banca", "banche"). Derivational suffixes stay, so "militare" and "militari" meet
 * (both "militar") while "militare" and "militarismo" do not.
 */
export function stemItalian(word: string): string {
  const full = stemOfShortenedForm.get(word);
  if (full !== undefined) return full;
  const length = word.length;
  if (length < 4) return word;
  const last = word.charCodeAt(length - 1);
  if (last !== a && last !== e && last !== i && last !== o) return word;
  for (let k = 0; k < length; k++) {
    const code = word.charCodeAt(k);
    if (code >= 48 && code <= 57) return word;
  }
  const beforeLast = word.charCodeAt(length - 2);
  if (length >= 5 && (beforeLast === i || (beforeLast === h && (last === e || last === i)))) return word.slice(0, -2);
  return word.slice(0, -1);
}

/**
 * Words written short by dropping a whole syllable, with the stem of their full form: left as they are, they
 * would meet the stems of other words ("gran parte" found by «grano», "Gran Bretagna" by «grana»; "San
 * Marco" by «sano»). Words shortened by one vowel ("buon", "signor") meet their full forms' stems already.
 */
const stemOfShortenedForm = new Map([
  ['gran', 'grand'],
  ['san', 'sant'],
]);

const [a, e, h, i, o] = ['a', 'e', 'h', 'i', 'o'].map((c) => c.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
  number,
];

/**
 * Words too common to tell articles apart, in folded form: articles, prepositions (plain, joined with an
 * article, elided), the commonest conjunctions and pronouns, and the auxiliary forms. Words a reader may
 * mean ("stato", "perché", "non", "come") are kept.
 */
export const stopWords: ReadonlySet<string> = new Set(
  `il lo la i gli le l un uno una
   di a da in con su per tra fra d
   del dello della dei degli delle dell al allo alla ai agli alle all dal dallo dalla dai dagli dalle dall
   nel nello nella nei negli nelle nell sul sullo sulla sui sugli sulle sull col coi
   e ed o od ma che se
   mi ti si ci vi ne me te ce ve c m t s v n
   suo sua suoi sue loro questo questa questi queste quest quello quella quelli quelle quell
   sono ha hanno ho hai era erano essere avere abbiamo avete`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const fnvOffset = 0x811c9dc5 | 0;
const fnvPrime = 0x01000193;

/** 1 for the ASCII letters and digits. */
const asciiWordCharacters = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  asciiWordCharacters[code] =
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0;
}

/**
 * Calls `visit` with where each word of `text` is, and a hash of its characters as written. Over-long
 * words are skipped. In markup, a tag or a character reference ends a word and is skipped whole.
 */
function scanWords(text: string, isMarkup: boolean, visit: (start: number, end: number, hash: number) => void): void {
  let start = -1;
  let hash = fnvOffset;
  const length = text.length;
  for (let k = 0; k <= length; k++) {
    const code = k < length ? text.charCodeAt(k) : 32;
    if (code < 128) {
      if (asciiWordCharacters[code] === 1) {
        if (start < 0) {
          start = k;
          hash = fnvOffset;
        }
        hash = Math.imul(hash ^ code, fnvPrime);
        continue;
      }
    } else {
      // Surrogate pairs (letters beyond the first plane) are read whole.
      const isPair = code >= 0xd800 && code <= 0xdbff && k + 1 < length;
      const kind = isPair ? kindOfCharacter(text.slice(k, k + 2)) : kindOfCode(code);
      // A combining accent belongs to the word before it; it never starts one.
      if (kind === letter || (kind === mark && start >= 0)) {
        if (start < 0) {
          start = k;
          hash = fnvOffset;
        }
        hash = Math.imul(hash ^ code, fnvPrime);
        if (isPair) {
          k += 1;
          hash = Math.imul(hash ^ text.charCodeAt(k), fnvPrime);
        }
        continue;
      }
      if (kind === mark) continue;
    }
    if (start >= 0 && k - start <= maxWordLength) visit(start, k, hash);
    start = -1;
    if (isMarkup && (code === 60 || code === 38)) {
      const close = text.indexOf(code === 60 ? '>' : ';', k);
      if (close > k && (code === 60 || close - k <= 10)) k = close;
    }
  }
}

const [letter, mark, other] = [1, 2, 3] as const;
const kindOfCode = kindsByCode(kindOfCharacter);

function kindOfCharacter(character: string): number {
  const folded = foldCharacter(character.charCodeAt(0), character);
  return folded === null ? other : folded === '' ? mark : letter;
}

const letterOrNumber = /^[\p{L}\p{N}]$/u;
const combiningMark = /^\p{M}$/u;
const combiningMarks = /\p{M}/gu;
const foldedCharacters = new Map<string, string | null>();
const ligatures: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };

/** The folded form of one character: letters and digits lower case without accents, marks '', anything else null. */
function foldCharacter(code: number, character: string): string | null {
  if (code < 128) {
    if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? character : null;
  }
  let folded = foldedCharacters.get(character);
  if (folded === undefined) {
    if (combiningMark.test(character)) folded = '';
    else if (!letterOrNumber.test(character)) folded = null;
    else {
      const lower = character.toLowerCase();
      folded = ligatures[lower] ?? lower.normalize('NFD').replace(combiningMarks, '');
    }
    if (foldedCharacters.size < 10_000) foldedCharacters.set(character, folded);
  }
  return folded;
}
