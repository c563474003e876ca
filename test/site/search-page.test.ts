// The search page and the search API as readers and programs use them: form, results with marked words,
// filters, notes instead of errors, pagination, and JSON with clear errors for filters that name nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleRecord, toLines } from '../support/article-records.ts';
import { createTestSite, type TestSite, debugEnv } from '../support/test-site.ts';

let site: TestSite;
const get = (url: string) => site.app.inject({ method: 'GET', url });

beforeAll(async () => {
  site = await createTestSite({ demo: false, env: debugEnv });
  const flood = Array.from({ length: 23 }, (_, i) =>
    articleRecord({
      slug: `siccita-nei-campi-${i + 1}`,
      title: `Siccità nei campi, giorno ${i + 1}`,
      section: i % 2 === 0 ? 'cronaca' : 'economia',
      published_at: `2024-07-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
      body_markdown: `I campi restano senza acqua <per il ${i + 1}° giorno> & i sindaci chiedono aiuto.`,
    }),
  );
  const report = await site.testata.importer.importArticles(toLines(flood));
  expect(report.problems).toEqual([]);
});
afterAll(async () => {
  await site?.close();
});

describe('the search page', () => {
  it('offers the form, with filters that work without JavaScript', async () => {
    const response = await get('/cerca');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<form class="search-form" role="search" action="/cerca" method="get">');
    expect(response.body).toMatch(/<select name="sezione">.*<option value="cronaca">Cronaca<\/option>/s);
    expect(response.body).toMatch(/<input type="date" name="dal" value(="")?\/>/);
    expect(response.body).toContain('<link rel="canonical" href="http://testata.test/cerca"/>');
  });

  it('lists results with the searched words marked, and keeps result pages out of search engines', async () => {
    const response = await get('/cerca?q=siccita+sindaco');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Risultati per «siccita sindaco»');
    expect(response.body).toContain('23 articoli trovati');
    expect(response.body).toContain('<mark>sindaci</mark>');
    expect(response.body).toContain('<meta name="robots" content="noindex"/>');
    expect(response.body).not.toContain('rel="canonical"');
    // The text of the body is escaped again on the way out.
    expect(response.body).toContain('&lt;per il 23° giorno> &amp; i');
    expect(response.headers['x-cache']).toBe('MISS');
  });

  it('pages through results, keeping the words and filters in the links', async () => {
    const first = await get('/cerca?q=campi&sezione=cronaca');
    expect(first.body).toContain('12 articoli trovati');
    expect(first.body).toContain('href="/cerca?q=campi&amp;sezione=cronaca&amp;pagina=2"');
    const second = await get('/cerca?q=campi&sezione=cronaca&pagina=2');
    expect(second.body).toContain('Pagina 2 di 2');
    expect(second.body).toContain('<ol class="search-result-list" start="11">');
  });

  it('sends a page past the last back to the first for now, not for ever: new articles can fill it', async () => {
    const beyond = await get('/cerca?q=campi&sezione=cronaca&pagina=9');
    expect(beyond.statusCode).toBe(302);
    expect(beyond.headers.location).toBe('/cerca?q=campi&sezione=cronaca');
  });

  it('explains an empty, common-word-only or exclusion-only search, and a filter it ignored', async () => {
    expect((await get('/cerca?q=%21%21%21')).body).toContain('Scrivi una o più parole da cercare.');
    expect((await get('/cerca?q=il+la+degli')).body).toContain('solo parole molto comuni');
    expect((await get('/cerca?q=-campi')).body).toContain('solo parole da escludere');
    const ignored = await get('/cerca?q=campi&sezione=sport&al=2024-02-31');
    expect(ignored.body).toContain('Il filtro «sezione: sport» non è valido ed è stato ignorato.');
    expect(ignored.body).toContain('Il filtro «al giorno: 2024-02-31» non è valido ed è stato ignorato.');
    expect(ignored.body).toContain('23 articoli trovati');
  });

  it('says so when nothing matches, with suggestions', async () => {
    const response = await get('/cerca?q=%22campi+siccit%C3%A0%22');
    expect(response.body).toContain('Nessun articolo corrisponde a «&quot;campi siccità&quot;».');
    expect(response.body).toContain('Prova con meno parole');
  });

  it('never fails on odd parameters', async () => {
    for (const url of [
      '/cerca?q=x&q=y',
      `/cerca?q=${'a%20'.repeat(3000)}`,
      '/cerca?pagina=abc&q=campi',
      '/cerca?q=%00%27%22%3B--',
      '/cerca?tipo=%3Cscript%3E',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).not.toContain('<script>');
    }
  });

  it('sends /cerca/ to /cerca with the same search', async () => {
    const response = await get('/cerca/?q=campi&tipo=notizia');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/cerca?q=campi&tipo=notizia');
  });

  it('puts a search box in the masthead of every other page', async () => {
    const response = await get('/cronaca/');
    expect(response.body).toContain('<form class="masthead-search" role="search" action="/cerca" method="get">');
  });
});

describe('the search API', () => {
  it('answers with results, passages and where the matches are in them', async () => {
    const response = await get('/api/v1/search?q=sindaco&section=economia&page=1');
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      total: number;
      total_is_capped: boolean;
      page_count: number;
      results: {
        article: { slug: string; url: string };
        snippet: { text: string; matches: { start: number; length: number }[] };
      }[];
    };
    expect(body).toMatchObject({ total: 11, total_is_capped: false, page_count: 2 });
    expect(body.results).toHaveLength(10);
    const [first] = body.results;
    expect(first?.article.url).toMatch(/^http:\/\/testata\.test\/economia\/siccita-nei-campi-\d+\/$/);
    const match = first?.snippet.matches[0];
    expect(first?.snippet.text.slice(match?.start, (match?.start ?? 0) + (match?.length ?? 0))).toBe('sindaci');
  });

  it('names the parameter that is wrong', async () => {
    const unknownSection = await get('/api/v1/search?q=campi&section=sport');
    expect(unknownSection.statusCode).toBe(400);
    expect(unknownSection.json()).toMatchObject({ error: { field: 'section' } });
    const badDate = await get('/api/v1/search?q=campi&from=ieri');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({ error: { field: 'from' } });
    const unknownParameter = await get('/api/v1/search?q=campi&sort=date');
    expect(unknownParameter.statusCode).toBe(400);
    expect(unknownParameter.json()).toMatchObject({ error: { field: 'sort' } });
  });

  it('returns notes, not errors, for words it cannot search', async () => {
    const response = await get('/api/v1/search?q=%22%22%22');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ notes: ['empty'], total: 0, results: [] });
  });
});
