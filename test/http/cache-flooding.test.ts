// The page cache cannot be filled by queries: a page keeps one cached copy whatever junk its URL carries
// (`?utm_source=…`, `?x=…`, `?pagina=…` where nothing paginates), a listing one per valid page. And nobody
// outside can tell from a response whether someone read that URL lately.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestSite, debugEnv, type TestSite } from '../support/test-site.ts';

describe('with the default log level', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite();
  });
  afterAll(() => site.close());

  const get = (url: string) => site.app.inject({ method: 'GET', url });
  const metric = async (name: string) => {
    const match = new RegExp(`^${name} (\\d+)$`, 'm').exec((await get('/metrics')).body);
    if (!match?.[1]) throw new Error(`no ${name} in /metrics`);
    return Number(match[1]);
  };
  const cachedEntries = () => metric('testata_page_cache_entries');

  test('200 distinct junk queries on the home page leave the cache holding its one copy, served to each', async () => {
    const home = await get('/');
    expect(await cachedEntries()).toBe(1);
    const hitsBefore = await metric('testata_page_cache_hits_total');
    const junk = Array.from({ length: 200 }, (_, i) => `${['x', 'utm_source', 'pagina', 'fbclid'][i % 4]}=${i}`);
    for (const query of junk) {
      const response = await get(`/?${query}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(home.headers.etag);
    }
    expect(await cachedEntries()).toBe(1);
    // Served from the cache, not rendered again: junk costs no database work either.
    expect(await metric('testata_page_cache_hits_total')).toBe(hitsBefore + junk.length);
  });

  test('feeds, sitemaps and robots.txt keep one copy each whatever page number they are asked for', async () => {
    const paths = ['/feed/', '/esteri/feed/atom/', '/feed.json', '/sitemap.xml', '/sitemap-news.xml', '/robots.txt'];
    const before = await cachedEntries();
    for (const path of paths) {
      for (let page = 1; page <= 20; page += 1) expect((await get(`${path}?pagina=${page}`)).statusCode).toBe(200);
    }
    expect(await cachedEntries()).toBe(before + paths.length);
  });

  test('a listing keeps no copy for a refused page number, and ignores other parameters beside a valid one', async () => {
    const before = await cachedEntries();
    for (const query of ['pagina=abc', 'pagina=02', 'pagina=0', 'pagina=999999', 'pagina=2&pagina=3']) {
      expect((await get(`/esteri/?${query}`)).statusCode).toBe(400);
    }
    expect((await get('/esteri/?pagina=1')).statusCode).toBe(301);
    expect((await get('/esteri/?pagina=90000')).statusCode).toBe(404);
    expect(await cachedEntries()).toBe(before);

    const first = await get('/esteri/?utm_source=a');
    expect(first.statusCode).toBe(200);
    for (let i = 0; i < 20; i += 1) expect((await get(`/esteri/?utm_source=${i}`)).body).toBe(first.body);
    expect(await cachedEntries()).toBe(before + 1);
  });

  test('search results and articles with a query are still rendered, never cached', async () => {
    const listing = await get('/esteri/');
    const articlePath = /href="(\/esteri\/[a-z0-9-]+\/)"/.exec(listing.body)?.[1];
    if (!articlePath) throw new Error('no article linked from /esteri/');
    const before = await cachedEntries();
    expect((await get('/cerca?q=governo')).statusCode).toBe(200);
    expect((await get('/cerca?q=governo&utm_source=a')).statusCode).toBe(200);
    const redirected = await get(`${articlePath}?utm_source=a`);
    expect(redirected.statusCode).toBe(301);
    expect(redirected.headers.location).toBe(articlePath);
    expect(await cachedEntries()).toBe(before);
  });

  test('says nothing of whether a page came from the cache', async () => {
    const first = await get('/cultura/');
    const second = await get('/cultura/');
    expect(first.headers['x-cache']).toBeUndefined();
    expect(second.headers['x-cache']).toBeUndefined();
    expect(second.headers.etag).toBe(first.headers.etag);
  });
});

describe('with LOG_LEVEL=debug', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ env: debugEnv });
  });
  afterAll(() => site.close());

  test('says whether a page came from the cache', async () => {
    const get = (url: string) => site.app.inject({ method: 'GET', url });
    expect((await get('/cultura/')).headers['x-cache']).toBe('MISS');
    expect((await get('/cultura/')).headers['x-cache']).toBe('HIT');
    expect((await get('/cultura/?utm_source=a')).headers['x-cache']).toBe('HIT');
  });
});
