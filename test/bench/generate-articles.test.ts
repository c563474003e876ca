import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseArticleImportRecord } from '../../src/domain/article-import-record.ts';
import { italianTerms } from '../../src/domain/search/italian-analyzer.ts';
import { parseSearchQuery, type SearchPhrase } from '../../src/domain/search/search-query.ts';
import { searchQueries } from '../../bench/bench-search.mjs';
import { articleGenerator, generatedArticleLines } from '../support/article-records.ts';

const generate = (...args: string[]) =>
  execFileSync(process.execPath, [articleGenerator, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });

describe('the article generator', () => {
  test('writes the same bytes for the same count and seed, and another archive for another seed', () => {
    const first = generate('300', '7');
    expect(generate('300', '7')).toBe(first);
    expect(generate('300', '8')).not.toBe(first);
    expect(first.split('\n').filter(Boolean)).toHaveLength(300);
  });

  test('writes lines that the importer accepts, with unique slugs and dates in order', () => {
    const records = generatedArticleLines(2000).map((line) => {
      const parsed = parseArticleImportRecord(JSON.parse(line));
      if (!parsed.ok) throw new Error(`${line.slice(0, 80)}…: ${JSON.stringify(parsed.problems)}`);
      return parsed.record;
    });
    expect(new Set(records.map((record) => record.slug)).size).toBe(2000);
    const dates = records.map((record) => record.published_at ?? '');
    expect(dates).toEqual([...dates].sort());
    expect(new Set(records.map((record) => record.type))).toEqual(new Set(['news', 'opinion', 'analysis']));
    expect(records.some((record) => record.authors)).toBe(true);
    expect(records.some((record) => record.corrections.length > 0)).toBe(true);
  });

  test('keeps the stock phrases of the search benchmark common and a rarer one rare', () => {
    const text = generatedArticleLines(2000).map((line) => {
      const record = JSON.parse(line) as { title: string; body_markdown: string };
      return `${record.title}\n${record.body_markdown}`.toLowerCase();
    });
    const share = (phrase: string) => text.filter((body) => body.includes(phrase)).length / text.length;
    expect(share('il governo')).toBeGreaterThan(0.5);
    expect(share('ministro degli esteri')).toBeGreaterThan(0.5);
    expect(share('capo di stato maggiore')).toBeGreaterThan(0.5);
    expect(share('accordo commerciale')).toBeGreaterThan(0);
    expect(share('accordo commerciale')).toBeLessThan(0.05);
  });

  test('makes each word and phrase query of the search benchmark match as many articles as the archive its targets were set on', () => {
    // Share of articles each query matched in that archive (20,000 articles), less a twentieth for a smaller sample.
    const archiveShares: Record<string, number> = {
      governo: 0.917,
      militari: 0.721,
      tribunale: 0.919,
      esercitazione: 0.476,
      sanzioni: 0.48,
      Reuters: 0.627,
      inflazione: 0.481,
      ferrovia: 0.481,
      città: 0.482,
      "perche'": 0,
      'governo militare accordo': 0.348,
      'esercitazioni militari congiunte': 0.279,
      'tribunale sentenza giudiziaria': 0.348,
      'energia gas porto': 0.233,
      'sindaco città regione': 0.238,
      'banca tassi euro': 0.413,
      'delegazione ambasciata negoziato': 0.231,
      'siccità agricoltura clima': 0.136,
      '"ministro degli Esteri"': 0.872,
      '"accordo commerciale"': 0.016,
      '"banca centrale" -euro': 0.436,
      '"capo di stato maggiore"': 0.873,
    };
    const articles = generatedArticleLines(2000).map((line) => {
      const record = JSON.parse(line) as {
        title: string;
        subtitle: string | null;
        body_markdown: string;
        sources: (string | { name: string })[];
      };
      const sources = record.sources.map((source) => (typeof source === 'string' ? source : source.name)).join(' ');
      return [record.title, record.subtitle ?? '', sources, record.body_markdown].map(italianTerms);
    });
    const contains = (fields: string[][], phrase: SearchPhrase) =>
      fields.some((terms) => terms.some((_, start) => phrase.every((term, k) => terms[start + k] === term)));
    const queries = [...searchQueries.single, ...searchQueries.three, ...searchQueries.phrase];
    expect(Object.keys(archiveShares).sort()).toEqual([...queries].sort());
    const tooRare = queries.flatMap((text) => {
      const query = parseSearchQuery(text);
      const matches = articles.filter(
        (fields) =>
          query.required.every((phrase) => contains(fields, phrase)) &&
          !query.excluded.some((phrase) => contains(fields, phrase)),
      );
      const share = matches.length / articles.length;
      return share < 0.95 * (archiveShares[text] as number) ? [`${text}: ${share}`] : [];
    });
    expect(tooRare).toEqual([]);
  });

  test('refuses a count that is not a number', () => {
    expect(() => generate('molti')).toThrow(/usage: node bench\/generate-articles\.mjs/);
  });
});
