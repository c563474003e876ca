// Italian text to search terms, the same for articles and for queries: words are cut at anything that is
// not a letter or a digit (so "l'esercito" gives "l" and "esercito", and "perche'" gives "perche"),
// folded to lower case without accents ("città" → "citta"), stop words dropped, and the rest reduced by
// a light stemmer that only removes inflection, so that singular and plural, masculine and feminine meet.
// Indexing runs this over every article of an import, so the scanner works on character codes.

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
  scanWords(text, false, (word, start, end) => {
    const term = termOfWord(word);
    if (term !== null) terms.push({ term, start, end });
  });
  return terms;
}

/** Just the terms of `text`. */
export function italianTerms(text: string): string[] {
  const terms: string[] = [];
  scanWords(text, false, (word) => {
    const term = termOfWord(word);
    if (term !== null) terms.push(term);
  });
  return terms;
}

/** The terms of sanitised HTML, read straight from the markup: tags and character references separate words. */
export function italianTermsOfHtml(html: string): string[] {
  const terms: string[] = [];
  scanWords(html, true, (word) => {
    const term = termOfWord(word);
    if (term !== null) terms.push(term);
  });
  return terms;
}

const termsOfWords = new Map<string, string | null>();

/** The term a word as written stands for, or null for a stop word. Remembered: texts repeat their words. */
function termOfWord(word: string): string | null {
  let term = termsOfWords.get(word);
  if (term === undefined) {
    const folded = foldWord(word);
    term = stopWords.has(folded) ? null : stemItalian(folded);
    if (termsOfWords.size >= 100_000) termsOfWords.clear();
    termsOfWords.set(word, term);
  }
  return term;
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

const [a, e, h, i, o] = ['a', 'e', 'h', 'i', 'o'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number];

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

/**
 * Calls `visit` with each word of `text` as written, and where it is. Over-long words are skipped. In
 * markup, a tag or a character reference ends a word and is skipped whole.
 */
function scanWords(text: string, isMarkup: boolean, visit: (word: string, start: number, end: number) => void): void {
  let start = -1;
  for (let k = 0; k <= text.length; k++) {
    const code = k < text.length ? text.charCodeAt(k) : 32;
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (start < 0) start = k;
      continue;
    }
    if (code >= 65 && code <= 90) {
      if (start < 0) start = k;
      continue;
    }
    if (code >= 128) {
      // Surrogate pairs (letters beyond the first plane) are read whole.
      const isPair = code >= 0xd800 && code <= 0xdbff && k + 1 < text.length;
      const folded = foldCharacter(code, isPair ? text.slice(k, k + 2) : (text[k] as string));
      if (folded !== null) {
        // A combining accent belongs to the word before it; it never starts one.
        if (start < 0 && folded === '') continue;
        if (start < 0) start = k;
        if (isPair) k += 1;
        continue;
      }
    }
    if (start >= 0 && k - start <= maxWordLength) {
      visit(text.slice(start, k), start, k);
    }
    start = -1;
    if (isMarkup && (code === 60 || code === 38)) {
      const close = text.indexOf(code === 60 ? '>' : ';', k);
      if (close > k && (code === 60 || close - k <= 10)) k = close;
    }
  }
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
