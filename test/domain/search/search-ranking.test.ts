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
