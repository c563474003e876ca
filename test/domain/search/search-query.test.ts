import { describe, expect, it } from 'vitest';
import { maxQueryCharacters, maxRequiredPhrases, parseSearchQuery } from '../../../src/domain/search/search-query.ts';

describe('parsing a search query', () => {
  it('requires every word, as terms', () => {
    expect(parseSearchQuery('esercitazioni militari')).toEqual({
      required: [['esercitazion'], ['militar']],
      excluded: [],
      notes: [],
    });
  });

  it('reads quotes as a phrase and a leading minus as an exclusion', () => {
    const query = parseSearchQuery('"ministro degli Esteri" -Mosca -"gas naturale"');
    expect(query.required).toEqual([['ministr', 'ester']]);
    expect(query.excluded).toEqual([['mosc'], ['gas', 'natural']]);
  });

  it('searches a hyphenated or elided word as a phrase', () => {
    expect(parseSearchQuery('medio-oriente').required).toEqual([['med', 'orient']]);
    expect(parseSearchQuery("l'esercito").required).toEqual([['esercit']]);
  });

  it('treats an unclosed quote as plain text', () => {
    expect(parseSearchQuery('"governo tregua').required).toEqual([['govern'], ['tregu']]);
  });

  it('explains what it could not search', () => {
    expect(parseSearchQuery('   ').notes).toEqual(['empty']);
    expect(parseSearchQuery('!!! ??? ***').notes).toEqual(['empty']);
    expect(parseSearchQuery('il la degli').notes).toEqual(['only-common-words']);
    expect(parseSearchQuery('-governo').notes).toEqual(['only-exclusions']);
    expect(parseSearchQuery('-governo').excluded).toEqual([]);
  });

  it('never passes operator syntax through: only terms come out', () => {
    for (const input of [
      "'; DROP TABLE articles; --",
      'governo OR 1=1',
      'NEAR(a b) AND title:x*',
      'a & b | !c <-> d',
      '"',
    ]) {
      const query = parseSearchQuery(input);
      for (const term of [...query.required, ...query.excluded].flat()) expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
    }
  });

  it('cuts very long queries and says so', () => {
    const query = parseSearchQuery('parola '.repeat(2000) + 'governo '.repeat(10));
    expect(query.notes).toContain('too-long');
    const many = parseSearchQuery(Array.from({ length: 30 }, (_, i) => `parola${i}`).join(' '));
    expect(many.required).toHaveLength(maxRequiredPhrases);
    expect(many.notes).toContain('too-many-words');
    expect(maxQueryCharacters).toBeLessThan(2000 * 7);
  });
});
