// An article's term signature: its few most telling terms, weighted like tf-idf (title terms count more)
// and scaled to unit length, so that the similarity of two articles is the sum of their shared weights.
import { italianTerms } from '../search/italian-analyzer.ts';

export type SignatureTerm = { term: string; weight: number };
/** How many articles were counted, and how many of them use each term. */
export type TermStatistics = { articleCount: number; articlesWithTerm: (term: string) => number };

export type SignatureText = { title: string; standfirst: string; bodyMarkdown: string };

export const signatureSize = 16;
const titleFactor = 3;
const standfirstFactor = 2;

/** Link targets and image sources are addresses, not words of the article. */
const markdownTargets = /\]\([^)]*\)|https?:\/\/\S+/g;

/** Each term of the article with its weighted frequency. */
export function articleTermFrequencies(text: SignatureText): Map<string, number> {
  const frequencies = new Map<string, number>();
  const add = (source: string, factor: number) => {
    for (const term of italianTerms(source)) frequencies.set(term, (frequencies.get(term) ?? 0) + factor);
  };
  add(text.title, titleFactor);
  add(text.standfirst, standfirstFactor);
  add(text.bodyMarkdown.replace(markdownTargets, ' '), 1);
  return frequencies;
}

/** The `signatureSize` heaviest terms, unit length; ties go to the term first in alphabetical order, so the result is stable. */
export function articleSignature(frequencies: Map<string, number>, statistics: TermStatistics): SignatureTerm[] {
  const weighted: SignatureTerm[] = [];
  const articleCount = Math.max(1, statistics.articleCount);
  for (const [term, frequency] of frequencies) {
    // Single-letter and digit-only terms ("l", "2024") say little about what an article is about.
    if (term.length < 2 || /^\d+$/.test(term)) continue;
    // A term in nearly every article ("secondo quanto riferito") weighs nearly nothing, yet never quite zero:
    // the first articles of a new site are signed while every term is still in all of them.
    const idf = Math.log((articleCount + 1) / (Math.min(articleCount, statistics.articlesWithTerm(term)) + 0.5));
    weighted.push({ term, weight: (1 + Math.log(frequency)) * idf });
  }
  weighted.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const top = weighted.slice(0, signatureSize);
  const length = Math.sqrt(top.reduce((sum, t) => sum + t.weight * t.weight, 0));
  // Stored rounded: recomputing an unchanged article gives the same numbers, and so the same list.
  return length > 0 ? top.map((t) => ({ term: t.term, weight: round(t.weight / length) })) : [];
}

/** Cosine similarity of two unit-length signatures. */
export function signatureSimilarity(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) sum += weight * (large.get(term) ?? 0);
  return sum;
}

export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
