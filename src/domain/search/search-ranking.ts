// How search results are ordered, the same on every database: a match anywhere counts 1; each searched
// phrase found in the title adds up to 2 more (in the standfirst a third of that, in the dateline or cited
// sources a sixth); then a mild recency factor, 1.3 for today, 1.15 a year ago, towards 1 for the very old,
// orders matches of equal relevance and lifts the recent a little.
import type { SearchPhrase } from './search-query.ts';

/** The analysed terms of an article's title, standfirst and extra text (dateline, sources), one line each. */
export type HeadingTerms = string;

export function headingTermsOf(fields: { title: string; standfirst: string; extra: string }): HeadingTerms {
  return `${fields.title}\n${fields.standfirst}\n${fields.extra}`;
}

const fieldWeights = [3, 1, 0.5];

/** 0 (no phrase in the heading) to 1 (every phrase in the title). */
export function headingScore(heading: HeadingTerms, phrases: readonly SearchPhrase[]): number {
  return scoreOfHeading(heading, phrases.map(phraseText));
}

/** A phrase as it reads in a heading line: its terms, one space apart. */
const phraseText = (phrase: SearchPhrase) => phrase.join(' ');

/**
 * The heading is searched as one string, without cutting it into lines and terms: ranking reads the
 * headings of up to a thousand matches a query, and cutting them took 3 ms of a 14 ms search request.
 */
function scoreOfHeading(heading: HeadingTerms, phraseTexts: readonly string[]): number {
  if (phraseTexts.length === 0) return 0;
  const titleEnd = heading.indexOf('\n');
  const standfirstEnd = heading.indexOf('\n', titleEnd + 1);
  let score = 0;
  for (const text of phraseTexts) {
    const at = indexOfTerms(heading, text);
    if (at < 0) continue;
    score += fieldWeights[at < titleEnd || titleEnd < 0 ? 0 : at < standfirstEnd || standfirstEnd < 0 ? 1 : 2] ?? 0;
  }
  return score / (3 * phraseTexts.length);
}

/** Where `text` (whole terms) first stands in `heading` as whole terms, or -1: terms are separated by a space or a line break. */
function indexOfTerms(heading: string, text: string): number {
  for (let at = heading.indexOf(text); at >= 0; at = heading.indexOf(text, at + 1)) {
    const before = at === 0 ? 32 : heading.charCodeAt(at - 1);
    const after = at + text.length === heading.length ? 32 : heading.charCodeAt(at + text.length);
    if ((before === 32 || before === 10) && (after === 32 || after === 10)) return at;
  }
  return -1;
}

/** The keys of one page of matches, best first; equal scores go newest first (then by key). */
export function rankMatches(
  matches: readonly { key: number; heading: HeadingTerms; publishedAtMs: number }[],
  phrases: readonly SearchPhrase[],
  nowMs: number,
  page: { offset: number; limit: number },
): number[] {
  const dayMs = 86_400_000;
  const phraseTexts = phrases.map(phraseText);
  return matches
    .map((m) => {
      const relevance = 1 + 2 * scoreOfHeading(m.heading, phraseTexts);
      const ageDays = Math.max(0, (nowMs - m.publishedAtMs) / dayMs);
      return { key: m.key, publishedAtMs: m.publishedAtMs, score: relevance * (1 + 0.3 * (365 / (365 + ageDays))) };
    })
    .sort((a, b) => b.score - a.score || b.publishedAtMs - a.publishedAtMs || b.key - a.key)
    .slice(page.offset, page.offset + page.limit)
    .map((m) => m.key);
}
