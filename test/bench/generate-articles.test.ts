import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseArticleImportRecord } from '../../src/domain/article-import-record.ts';
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

  test('refuses a count that is not a number', () => {
    expect(() => generate('molti')).toThrow(/usage: node bench\/generate-articles\.mjs/);
  });
});
