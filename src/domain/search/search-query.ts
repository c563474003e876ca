// What a reader typed into the search box, as clauses the index can answer. Anything parses: quotes that
// never close, operators alone, SQL or full-text syntax, kilobytes of text. Words become terms through the
// same analyser as the articles; what cannot be searched is reported, never thrown.
import { italianTerms } from './italian-analyzer.ts';

/** Terms that must appear next to each other, in order; a single word is a phrase of one term. */
export type SearchPhrase = readonly string[];

export type SearchQuery = {
  /** Every phrase must match. Empty when there is nothing to look for. */
  required: SearchPhrase[];
  /** No phrase may match ("-parola", -"due parole"). */
  excluded: SearchPhrase[];
  /** Why the query was cut or emptied, for the page to explain. */
  notes: SearchQueryNote[];
};

export type SearchQueryNote = 'empty' | 'only-common-words' | 'only-exclusions' | 'too-long' | 'too-many-words';

export const maxQueryCharacters = 300;
export const maxRequiredPhrases = 8;
export const maxExcludedPhrases = 4;
export const maxPhraseTerms = 8;

const quotes = /["“”«»„]/;

export function parseSearchQuery(input: string): SearchQuery {
  const notes = new Set<SearchQueryNote>();
  let text = input.replace(/\s+/g, ' ').trim();
  if (text.length > maxQueryCharacters) {
    text = text.slice(0, maxQueryCharacters);
    notes.add('too-long');
  }
  if (text === '') return { required: [], excluded: [], notes: ['empty'] };

  const required: SearchPhrase[] = [];
  const excluded: SearchPhrase[] = [];
  const add = (phrase: string[], isExcluded: boolean) => {
    if (phrase.length === 0) return;
    const target = isExcluded ? excluded : required;
    const limit = isExcluded ? maxExcludedPhrases : maxRequiredPhrases;
    if (phrase.length > maxPhraseTerms) notes.add('too-many-words');
    const clipped = phrase.slice(0, maxPhraseTerms);
    if (target.some((p) => p.join(' ') === clipped.join(' '))) return;
    if (target.length >= limit) notes.add('too-many-words');
    else target.push(clipped);
  };

  let typedWords = false;
  for (const piece of splitQuoted(text)) {
    if (piece.quoted) {
      const terms = italianTerms(piece.text);
      typedWords ||= /[\p{L}\p{N}]/u.test(piece.text);
      add(terms, piece.excluded);
      continue;
    }
    for (const word of piece.text.split(' ')) {
      const isExcluded = word.length > 1 && word.startsWith('-');
      typedWords ||= /[\p{L}\p{N}]/u.test(word);
      // "medio-oriente" or "l'esercito" give several terms: they are searched as a phrase.
      add(italianTerms(isExcluded ? word.slice(1) : word), isExcluded);
    }
  }

  if (required.length === 0)
    notes.add(!typedWords ? 'empty' : excluded.length > 0 ? 'only-exclusions' : 'only-common-words');
  return { required, excluded: required.length === 0 ? [] : excluded, notes: [...notes] };
}

/** Every term the query looks for, to highlight in results. */
export function highlightedTerms(query: SearchQuery): Set<string> {
  return new Set(query.required.flat());
}

type Piece = { text: string; quoted: boolean; excluded: boolean };

/** Cuts the text at quotation marks; an unclosed quote counts as plain text. */
function splitQuoted(text: string): Piece[] {
  const pieces: Piece[] = [];
  let rest = text;
  for (;;) {
    const open = rest.search(quotes);
    if (open < 0) break;
    const close = rest.slice(open + 1).search(quotes);
    if (close < 0) break;
    const before = rest.slice(0, open);
    const isExcluded = before.endsWith('-');
    pieces.push({ text: isExcluded ? before.slice(0, -1) : before, quoted: false, excluded: false });
    pieces.push({ text: rest.slice(open + 1, open + 1 + close), quoted: true, excluded: isExcluded });
    rest = rest.slice(open + close + 2);
  }
  pieces.push({ text: rest.replace(new RegExp(quotes.source, 'g'), ' '), quoted: false, excluded: false });
  return pieces.filter((p) => p.text.trim() !== '');
}
