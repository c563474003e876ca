import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, openSiblingSite, type TestSite, debugEnv } from '../support/test-site.ts';

describeEachDatabase('on %s', (database) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ database, env: debugEnv });
  });
  afterAll(() => site.close());

  const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });

  describe('HTTP caching', () => {
    test('serves a page from the cache the second time, with the same ETag', async () => {
      const first = await get('/cultura/');
      const second = await get('/cultura/');
      expect(first.headers['x-cache']).toBe('MISS');
      expect(second.headers['x-cache']).toBe('HIT');
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(second.body).toBe(first.body);
    });

    test('answers a matching If-None-Match with 304 and no body', async () => {
      const { headers } = await get('/');
      const response = await get('/', { 'if-none-match': String(headers.etag) });
      expect(response.statusCode).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers.etag).toBe(headers.etag);
      expect((await get('/', { 'if-none-match': 'W/"altro"' })).statusCode).toBe(200);
    });

    test('tells browsers and CDNs how long to keep pages and to serve stale copies while refreshing', async () => {
      const cacheControl = String((await get('/')).headers['cache-control']);
      expect(cacheControl).toMatch(/public/);
      expect(cacheControl).toMatch(/s-maxage=\d+/);
      expect(cacheControl).toMatch(/stale-while-revalidate=\d+/);
      expect((await get('/')).headers.vary).toBe('Accept-Encoding');
    });

    test('compresses with brotli or gzip as the client accepts', async () => {
      const plain = await get('/esteri/');
      const br = await get('/esteri/', { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      const gzip = await get('/esteri/', { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
      const refused = await get('/esteri/', { 'accept-encoding': 'br;q=0, gzip;q=0' });
      expect(refused.headers['content-encoding']).toBeUndefined();
    });

    test('drops exactly the pages that show a changed article, in this and every other process', async () => {
      const other = await openSiblingSite(site);
      try {
        const processes = [site.app, other.app].map((app) => (url: string) => app.inject({ method: 'GET', url }));
        const record = articleRecord({ slug: 'notizia-che-cambia', section: 'cronaca', title: 'Titolo originale' });
        await site.testata.importer.importArticles(toLines([record]));
        await Promise.all([site.testata.changeFeed.poll(), other.testata.changeFeed.poll()]);
        const pages = [
          '/cronaca/notizia-che-cambia/',
          '/cronaca/',
          '/',
          '/politica/',
          '/esteri/vertice-sul-grano-a-mosca/',
        ];
        for (const get of processes) {
          for (const url of pages) await get(url);
          for (const url of pages) expect((await get(url)).headers['x-cache'], url).toBe('HIT');
        }

        // The import writes a change record in its transaction; the feed (polled by every process) reads it.
        await site.testata.importer.importArticles(toLines([{ ...record, title: 'Titolo corretto' }]));
        expect((await get('/cronaca/notizia-che-cambia/')).headers['x-cache']).toBe('HIT');
        await Promise.all([site.testata.changeFeed.poll(), other.testata.changeFeed.poll()]);

        for (const [index, get] of processes.entries()) {
          const article = await get('/cronaca/notizia-che-cambia/');
          expect(article.headers['x-cache'], `process ${index}`).toBe('MISS');
          expect(article.body).toContain('Titolo corretto');
          expect((await get('/cronaca/')).headers['x-cache'], `process ${index}`).toBe('MISS');
          expect((await get('/')).headers['x-cache'], `process ${index}`).toBe('MISS');
          expect((await get('/politica/')).headers['x-cache'], `process ${index}`).toBe('HIT');
          expect((await get('/esteri/vertice-sul-grano-a-mosca/')).headers['x-cache'], `process ${index}`).toBe('HIT');
        }
      } finally {
        await other.close();
      }
    });

    test('re-importing an unchanged article drops nothing', async () => {
      const record = articleRecord({ slug: 'notizia-stabile', section: 'cronaca' });
      await site.testata.importer.importArticles(toLines([record]));
      await site.testata.changeFeed.poll();
      await get('/cronaca/notizia-stabile/');
      const report = await site.testata.importer.importArticles(toLines([record]));
      expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
      await site.testata.changeFeed.poll();
      expect((await get('/cronaca/notizia-stabile/')).headers['x-cache']).toBe('HIT');
    });

    test('serves fingerprinted assets as immutable, compressed', async () => {
      const html = (await get('/')).body;
      const stylesheet = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{10}\.css)"/.exec(html)?.[1];
      expect(stylesheet).toBeDefined();
      const response = await get(String(stylesheet));
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(response.headers['cache-control']).toContain('immutable');
      const compressed = await get(String(stylesheet), { 'accept-encoding': 'br' });
      expect(compressed.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(compressed.rawPayload).toString()).toBe(response.body);
    });
  });
});
