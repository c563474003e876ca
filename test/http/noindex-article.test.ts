// A `noindex` article (court-ordered de-indexing, diritto all'oblio) stays at its URL and is found nowhere
// else: no listing, search, feed, sitemap, related list, previous/next or Content API list shows it, and an
// article that becomes `noindex` leaves every cached page of every process that showed it.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServerApp, openTestata, type Testata } from '../../src/main.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, type TestSite, debugEnv } from '../support/test-site.ts';

const startedAt = Date.now();
const hoursAgo = (hours: number) => new Date(startedAt - hours * 3_600_000).toISOString();
const author = { slug: 'mario-rossi', name: 'Mario Rossi' };

/** Twenty findable articles in one section, one every two hours, the newest an hour ago (inside the news sitemap's window). */
const findable = Array.from({ length: 20 }, (_, i) =>
  articleRecord({
    slug: `cronaca-${i + 1}`,
    section: 'cronaca',
    author,
    tags: ['alluvione'],
    title: `Alluvione, aggiornamento numero ${i + 1}`,
    published_at: hoursAgo(39 - 2 * i),
    // One findable article shares the hidden one's word, so that a search for it finds something.
    body_markdown:
      i === 4 ? 'Le tangenti per gli appalti della ricostruzione.' : "Il punto sull'alluvione e sui soccorsi.",
  }),
);
/** Between cronaca-10 and cronaca-11: their previous and next, and the nearest earlier article sharing a tag. */
const hiddenRecord = (slug: string, overrides: Record<string, unknown> = {}) =>
  articleRecord({
    slug,
    section: 'cronaca',
    author,
    tags: ['alluvione'],
    title: `Tangenti per la ricostruzione: la notizia ${slug}`,
    published_at: hoursAgo(20),
    body_markdown: 'Le tangenti per gli appalti della ricostruzione dopo l’alluvione.',
    ...overrides,
  });

/** Every place where readers and programs find articles; each shows findable ones (checked below). */
const surfaces = [
  '/',
  '/cronaca/',
  '/tag/alluvione/',
  '/autore/mario-rossi/',
  '/cronaca/cronaca-10/',
  '/cronaca/cronaca-11/',
  '/cerca?q=tangenti',
  '/api/v1/search?q=tangenti',
  '/feed/',
  '/feed/atom/',
  '/feed.json',
  '/cronaca/feed/',
  '/tag/alluvione/feed/',
  '/autore/mario-rossi/feed/',
  '/sitemap-news.xml',
  '/api/v1/articles',
  '/api/v1/articles?section=cronaca',
  '/api/v1/articles?tag=alluvione',
  '/api/v1/articles?author=mario-rossi',
  '/api/v1/articles?type=news',
];

/** The surfaces, plus the sitemap files of articles the sitemap index names. */
async function everySurface(app: FastifyInstance): Promise<string[]> {
  const index = (await app.inject('/sitemap.xml')).body;
  const articleSitemaps = [...index.matchAll(/<loc>https?:\/\/[^/]+(\/sitemaps\/articles-[^<]+)<\/loc>/g)].map(
    (match) => match[1] as string,
  );
  expect(articleSitemaps.length).toBeGreaterThan(0);
  return [...surfaces, ...articleSitemaps];
}

async function bodyOf(app: FastifyInstance, url: string): Promise<string> {
  const response = await app.inject(url);
  expect(response.statusCode, url).toBe(200);
  return response.body;
}

describeEachDatabase('on %s', (database) => {
  describe('a site that imports a noindex article', () => {
    let site: TestSite;
    beforeAll(async () => {
      site = await createTestSite({ database, demo: false, env: debugEnv });
      const report = await site.testata.importer.importArticles(
        toLines([...findable, hiddenRecord('notizia-deindicizzata', { noindex: true })]),
      );
      expect(report.committed).toBe(true);
    }, 60_000);
    afterAll(() => site?.close());

    test.each(surfaces)('%s shows findable articles but not the noindex one', async (url) => {
      const body = await bodyOf(site.app, url);
      expect(body).toMatch(/cronaca-\d+/);
      expect(body).not.toContain('deindicizzata');
    });

    test('no sitemap file lists it', async () => {
      for (const url of await everySurface(site.app)) {
        if (!url.startsWith('/sitemaps/')) continue;
        const body = await bodyOf(site.app, url);
        expect(body).toMatch(/cronaca-\d+/);
        expect(body).not.toContain('deindicizzata');
      }
    });

    test('listing counts and pagination count only findable articles', async () => {
      for (const url of ['/cronaca/', '/tag/alluvione/', '/autore/mario-rossi/']) {
        const body = await bodyOf(site.app, url);
        expect(body, url).toContain('20 articoli');
        expect(body, url).not.toContain('pagina=2');
        expect((await site.app.inject(`${url}?pagina=2`)).statusCode, url).toBe(404);
      }
    });

    test('its own page answers 200 with X-Robots-Tag and the robots meta tag, from the cache and in a 304 too', async () => {
      for (const cache of ['MISS', 'HIT']) {
        const response = await site.app.inject('/cronaca/notizia-deindicizzata/');
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-cache']).toBe(cache);
        expect(response.headers['x-robots-tag']).toBe('noindex');
        expect(response.body).toContain('<meta name="robots" content="noindex"/>');
      }
      const { headers } = await site.app.inject('/cronaca/notizia-deindicizzata/');
      const notModified = await site.app.inject({
        url: '/cronaca/notizia-deindicizzata/',
        headers: { 'if-none-match': String(headers.etag) },
      });
      expect(notModified.statusCode).toBe(304);
      expect(notModified.headers['x-robots-tag']).toBe('noindex');
      const findableOne = await site.app.inject('/cronaca/cronaca-10/');
      expect(findableOne.headers['x-robots-tag']).toBeUndefined();
      expect(findableOne.body).not.toContain('name="robots"');
    });

    test('the Content API answers it by slug, saying it is noindex', async () => {
      const response = await site.app.inject('/api/v1/articles/notizia-deindicizzata');
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-robots-tag']).toBe('noindex');
      expect(response.json().article).toMatchObject({ slug: 'notizia-deindicizzata', noindex: true });
      const findableOne = await site.app.inject('/api/v1/articles/cronaca-10');
      expect(findableOne.json().article.noindex).toBe(false);
      expect(findableOne.headers['x-robots-tag']).toBeUndefined();
    });
  });

  describe('an article that becomes noindex', () => {
    let site: TestSite;
    let other: Testata;
    let otherApp: FastifyInstance;
    const becoming = hiddenRecord('notizia-da-deindicizzare');
    // In another section, so not its neighbour: only the related list (computed by text, or sharing a tag) shows it.
    const relatedElsewhere = articleRecord({
      slug: 'esteri-tangenti',
      section: 'esteri',
      tags: ['alluvione'],
      title: 'Tangenti per la ricostruzione: cosa dicono dall’estero',
      published_at: hoursAgo(19.5),
      body_markdown: 'Le tangenti per gli appalti della ricostruzione dopo l’alluvione, viste dall’estero.',
    });

    beforeAll(async () => {
      site = await createTestSite({ database, demo: false, env: debugEnv });
      await site.testata.importer.importArticles(toLines([...findable, becoming, relatedElsewhere]));
      while (!(await site.testata.relatedArticles.computePending(10_000)).isDone);
      // A second process: its own page cache and change feed, on the same database.
      other = await openTestata(site.testata.config, pino({ level: 'silent' }));
      otherApp = await createServerApp(other);
      await otherApp.ready();
    }, 120_000);
    afterAll(async () => {
      await otherApp?.close();
      await other?.close();
      await site?.close();
    });

    test('leaves every cached page that showed it, in this and every other process, and comes back when indexed again', async () => {
      const apps = [site.app, otherApp];
      const feeds = [site.testata.changeFeed, other.changeFeed];
      await Promise.all(feeds.map((feed) => feed.poll()));
      const urls = [
        ...(await everySurface(site.app)),
        '/esteri/esteri-tangenti/',
        '/cronaca/notizia-da-deindicizzare/',
      ];
      for (const app of apps) {
        for (const url of urls) expect(await bodyOf(app, url), url).toContain('notizia-da-deindicizzare');
        expect((await app.inject('/cronaca/')).headers['x-cache']).toBe('HIT');
      }

      await site.testata.importer.importArticles(toLines([{ ...becoming, noindex: true }]));
      await Promise.all(feeds.map((feed) => feed.poll()));

      for (const app of apps) {
        for (const url of urls.slice(0, -1)) {
          const body = await bodyOf(app, url);
          expect(body, url).toMatch(/cronaca-\d+/);
          expect(body, url).not.toContain('notizia-da-deindicizzare');
        }
        const own = await app.inject('/cronaca/notizia-da-deindicizzare/');
        expect(own.statusCode).toBe(200);
        expect(own.headers['x-robots-tag']).toBe('noindex');
        expect(own.body).toContain('<meta name="robots" content="noindex"/>');
        expect((await app.inject('/api/v1/articles/notizia-da-deindicizzare')).json().article.noindex).toBe(true);
      }

      await site.testata.importer.importArticles(toLines([becoming]));
      await Promise.all(feeds.map((feed) => feed.poll()));
      for (const app of apps) {
        for (const url of urls) expect(await bodyOf(app, url), url).toContain('notizia-da-deindicizzare');
        expect((await app.inject('/cronaca/notizia-da-deindicizzare/')).headers['x-robots-tag']).toBeUndefined();
      }
    });
  });
});
