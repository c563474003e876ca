// The distinct terms PostgreSQL's index is given: sorted by our own quicker sort, which must agree with sort().
import { describe, expect, test } from 'vitest';
import { sortedTerms } from '../../src/storage/search-documents.ts';

describe('sortedTerms', () => {
  test('orders terms as sort() does, including ones that share their first characters or go past Latin-1', () => {
    const terms = ['ministr', 'minist', 'ministe', 'ā', 'ą', 'āb', 'ąa', 'ÿ', 'ÿā', 'ÿa', 'zz', 'a', 'ab', 'abcdz', 'abcda', 'abcd', 'москва', 'мост', '𝐀𝐁', '2024', 'g7'];
    expect(sortedTerms([...terms])).toEqual([...terms].sort());
  });

  test('agrees with sort() on many random terms', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = 'aeiouaeiousmnrtl09àéöāąžмос𝐀';
    for (let round = 0; round < 200; round++) {
      const terms = Array.from({ length: 1 + Math.floor(random() * 300) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 8) }, () => [...alphabet][Math.floor(random() * [...alphabet].length)]).join(''),
      );
      const distinct = [...new Set(terms)];
      expect(sortedTerms([...distinct])).toEqual([...distinct].sort());
    }
  });
});
