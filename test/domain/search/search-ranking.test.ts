import { describe, expect, it } from 'vitest';
import { headingScore, headingTermsOf, rankMatches } from '../../../src/domain/search/search-ranking.ts';

const heading = (title: string, standfirst = '', extra = '') => headingTermsOf({ title, standfirst, extra });
const day = 86_400_000;
const now = Date.parse('2025-01-01T00:00:00Z');

describe('ranking search matches', () => {
  it('scores a phrase in the title above the standfirst, above the sources, above the body alone', () => {
    const phrases = [['tregu']];
    expect(headingScore(heading('tregu fragil'), phrases)).toBe(1);
    expect(headingScore(heading('vertic', 'tregu fragil'), phrases)).toBeCloseTo(1 / 3);
    expect(headingScore(heading('vertic', '', 'tregu'), phrases)).toBeCloseTo(1 / 6);
    expect(headingScore(heading('vertic', 'colloqu'), phrases)).toBe(0);
  });

  it('counts a phrase only with its terms together and in order', () => {
    expect(headingScore(heading('ministr ester mosc'), [['ministr', 'ester']])).toBe(1);
    expect(headingScore(heading('ester ministr'), [['ministr', 'ester']])).toBe(0);
  });

  it('matches whole terms only, and never a phrase running from one field into the next', () => {
    expect(headingScore(heading('treguaz', 'latregu', 'tregu'), [['tregu']])).toBeCloseTo(1 / 6);
    expect(headingScore(heading('vertic ministr', 'ester'), [['ministr', 'ester']])).toBe(0);
    expect(headingScore(heading('vertic', 'ministr esteri', 'il ministr ester'), [['ministr', 'ester']])).toBeCloseTo(
      1 / 6,
    );
  });

  it('scores as cutting the heading into fields and terms would, on random headings', () => {
    const byTerms = (text: string, phrases: string[][]) => {
      const fields = text.split('\n').map((line) => (line === '' ? [] : line.split(' ')));
      const weights = [3, 1, 0.5];
      let score = 0;
      for (const phrase of phrases) {
        const field = fields.findIndex((terms) =>
          terms.some((_, i) => phrase.every((term, j) => terms[i + j] === term)),
        );
        if (field >= 0) score += weights[field] ?? 0;
      }
      return score / (3 * phrases.length);
    };
    let seed = 5;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const vocabulary = ['a', 'ab', 'b', 'ba', 'aba', 'tregu', 'treguaz'];
    const terms = (max: number) =>
      Array.from(
        { length: Math.floor(random() * max) },
        () => vocabulary[Math.floor(random() * vocabulary.length)] as string,
      );
    for (let round = 0; round < 3000; round++) {
      const text = heading(terms(6).join(' '), terms(6).join(' '), terms(4).join(' '));
      const phrases = Array.from({ length: 1 + Math.floor(random() * 3) }, () => [...terms(3), 'a']);
      expect(headingScore(text, phrases), JSON.stringify([text, phrases])).toBeCloseTo(byTerms(text, phrases));
    }
  });

  it('puts a title match of last year above a body match of today, and the newer first when equal', () => {
    const matches = [
      { key: 1, heading: heading('altro'), publishedAtMs: now - day },
      { key: 2, heading: heading('tregu'), publishedAtMs: now - 365 * day },
      { key: 3, heading: heading('tregu'), publishedAtMs: now - 2 * day },
    ];
    expect(rankMatches(matches, [['tregu']], now, { offset: 0, limit: 10 })).toEqual([3, 2, 1]);
    expect(rankMatches(matches, [['tregu']], now, { offset: 1, limit: 1 })).toEqual([2]);
  });
});
