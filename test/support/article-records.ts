// Import records for tests: one at a time with sensible defaults, or many from the project's article generator.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** bench/generate-articles.mjs: `node <it> COUNT [SEED]` writes that many JSON Lines articles, the same each time. */
export const articleGenerator = path.resolve(import.meta.dirname, '../../bench/generate-articles.mjs');

/** `count` generated articles, one JSON line each. */
export function generatedArticleLines(count: number): string[] {
  return execFileSync(process.execPath, [articleGenerator, String(count)], { encoding: 'utf8', maxBuffer: 1 << 30 })
    .trim()
    .split('\n');
}

let counter = 0;

export function articleRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    slug: `articolo-di-prova-${counter}`,
    title: `Articolo di prova ${counter}`,
    subtitle: 'Un sommario di prova.',
    dateline: 'ROMA',
    section: 'esteri',
    type: 'news',
    author: { slug: 'redazione-prove', name: 'Redazione Prove' },
    tags: ['prove'],
    sources: ['ANSA'],
    published_at: '2024-03-01T10:00:00Z',
    body_markdown: 'ROMA - Primo paragrafo della notizia.\n\nSecondo paragrafo.',
    ...overrides,
  };
}

export function toLines(records: unknown[]): string[] {
  return records.map((r) => JSON.stringify(r));
}
