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
  if (phrases.length === 0) return 0;
  const fields = heading.split('\n').map((line) => (line === '' ? [] : line.split(' ')));
  let score = 0;
  for (const phrase of phrases) {
    const field = fields.findIndex((terms) => containsPhrase(terms, phrase));
    if (field >= 0) score += fieldWeights[field] ?? 0;
  }
  return score / (3 * phrases.length);
}


/** The keys of one page of matches, best first; equal scores go newest first (then by key). */
export function rankMatches(
  matches: readonly { key: number; heading: HeadingTerms; publishedAtMs: number }[],
  phrases: readonly SearchPhrase[],
  nowMs: number,
  page: { offset: number; limit: number },
): number[] {
  const dayMs = 86_400_000;
  return matches
    .map((m) => {
      const relevance = 1 + 2 * headingScore(m.heading, phrases);
      const ageDays = Math.max(0, (nowMs - m.publishedAtMs) / dayMs);
      return { key: m.key, publishedAtMs: m.publishedAtMs, score: relevance * (1 + 0.3 * (365 / (365 + ageDays))) };
    })
    .sort((a, b) => b.score - a.score || b.publishedAtMs - a.publishedAtMs || b.key - a.key)
    .slice(page.offset, page.offset + page.limit)
    .map((m) => m.key);
}

function containsPhrase(terms: string[], phrase: SearchPhrase): boolean {
  for (let i = 0; i + phrase.length <= terms.length; i++) {
    if (phrase.every((term, j) => terms[i + j] === term)) return true;
  }
  return false;
}
