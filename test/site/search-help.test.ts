// The search page's help, read against the demo publication: a new reader who follows its examples (they are
// links) finds articles, and what the help says of them holds in the demo's articles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../support/test-site.ts';

let site: TestSite;
const get = (url: string) => site.app.inject({ method: 'GET', url });

beforeAll(async () => {
  site = await createTestSite();
});
afterAll(async () => {
  await site?.close();
});

/** The slugs of the articles a search finds, through the search API. */
async function found(q: string): Promise<string[]> {
  const response = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(response.statusCode).toBe(200);
  const body = response.json<{ total: number; results: { article: { slug: string } }[] }>();
  expect(body.total).toBeLessThanOrEqual(body.results.length); // one page holds every match in the demo
  return body.results.map((r) => r.article.slug).sort();
}

describe('the search help', () => {
  it('links every example to its results, and each finds articles of the demo', async () => {
    const page = await get('/cerca');
    const help = /<section class="search-help".*?<\/section>/s.exec(page.body)?.[0] ?? '';
    const links = [...help.matchAll(/<a href="([^"]+)">«([^<]+)»<\/a>/g)].map(([, href, text]) => ({
      href: (href as string).replace(/&amp;/g, '&'),
      text,
    }));
    expect(links.map((l) => l.text)).toEqual([
      'libreria',
      'ministro',
      'citta',
      'città',
      "citta'",
      '&quot;consiglio dei ministri&quot;',
      'legge -elettorale',
    ]);
    for (const { href } of links) {
      const results = await get(href);
      expect(results.statusCode, href).toBe(200);
      expect(results.body, href).toMatch(/\d+ articol[oi] trovat[oi]/);
      expect(results.body, href).not.toContain('Nessun articolo corrisponde');
    }
  });

  it('holds for the demo: other forms of a word, accents, phrases and exclusions', async () => {
    const libreria = await found('libreria');
    expect(libreria.length).toBeGreaterThan(1);
    expect(await found('librerie')).toEqual(libreria);
    const ministro = await found('ministro');
    expect(await found('ministra')).toEqual(ministro);
    expect(await found('ministri')).toEqual(ministro);
    const citta = await found('città');
    expect(citta.length).toBeGreaterThan(1);
    expect(await found('citta')).toEqual(citta);
    expect(await found("citta'")).toEqual(citta);
    // The phrase finds fewer articles than its words anywhere in them.
    const phrase = await found('"consiglio dei ministri"');
    const words = await found('consiglio ministri');
    expect(phrase.length).toBeGreaterThan(0);
    expect(phrase.length).toBeLessThan(words.length);
    expect(words).toEqual(expect.arrayContaining(phrase));
    const legge = await found('legge');
    const withoutElettorale = await found('legge -elettorale');
    const leggeElettorale = await found('legge elettorale');
    expect(withoutElettorale.length).toBeGreaterThan(0);
    expect(leggeElettorale.length).toBeGreaterThan(0);
    expect([...withoutElettorale, ...leggeElettorale].sort()).toEqual(legge);
  });
});
