// A section, a tag and an author used only by a draft, an article in review, a scheduled and an archived article
// (an embargoed investigation) are unknown to readers and programs: no navigation, search filter, Content API
// list, feed or sitemap names them, and their pages and feeds answer 404 like a slug that never existed. Once
// one of those articles is published, every cached surface shows them, in this process and in every other.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ScheduledPublishingService } from '../../src/services/scheduled-publishing-service.ts';
import { createTransactionRunner } from '../../src/storage/repositories.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, debugEnv, openSiblingSite, type TestSite } from '../support/test-site.ts';

const hidden = {
  section: 'dossier-riservato',
  section_name: 'Dossier Riservato',
  author: { slug: 'fonte-riservata', name: 'Fonte Riservata' },
  tags: [{ slug: 'appalti-segreti', name: 'Appalti Segreti' }],
};
/** Whatever of the hidden names and slugs a response could carry. */
const hiddenText = /riservat|segret/i;

const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();

const published = articleRecord({
  slug: 'alluvione-il-punto',
  section: 'cronaca',
  author: { slug: 'mario-rossi', name: 'Mario Rossi' },
  tags: ['alluvione'],
  title: 'Alluvione, il punto sui soccorsi',
  body_markdown: 'Il punto sui soccorsi dopo l’alluvione.',
  published_at: '2024-03-01T10:00:00Z',
});
const unpublished = [
  articleRecord({ ...hidden, slug: 'bozza', status: 'draft', published_at: null }),
  articleRecord({ ...hidden, slug: 'in-revisione', status: 'in_review', published_at: null }),
  // Due an hour ago: the test publishes it as the scheduled-publishing job would (no job runs in a test site).
  articleRecord({ ...hidden, slug: 'programmato', status: 'scheduled', published_at: anHourAgo }),
  articleRecord({ ...hidden, slug: 'archiviato', status: 'archived', published_at: '2023-01-01T08:00:00Z' }),
].map((record) => ({ ...record, title: 'Soccorsi, alluvione: il punto', body_markdown: 'I soccorsi.' }));

/** Every surface that names sections, tags or authors to readers and programs. */
const surfaces = [
  '/',
  '/cronaca/',
  '/tag/alluvione/',
  '/autore/mario-rossi/',
  '/cronaca/alluvione-il-punto/',
  '/cerca',
  '/cerca?q=soccorsi',
  '/api/v1/search?q=soccorsi',
  '/feed/',
  '/feed/atom/',
  '/feed.json',
  '/cronaca/feed/',
  '/sitemap.xml',
  '/api/v1/sections',
  '/api/v1/tags',
  '/api/v1/authors',
  '/api/v1/articles',
];

/** The hidden ones' own pages and feeds, and the Content API's lists narrowed to them. */
const hiddenPaths = [
  '/dossier-riservato/',
  '/dossier-riservato/feed/',
  '/tag/appalti-segreti/',
  '/tag/appalti-segreti/feed/',
  '/autore/fonte-riservata/',
  '/autore/fonte-riservata/feed/',
  '/api/v1/articles?section=dossier-riservato',
  '/api/v1/articles?tag=appalti-segreti',
  '/api/v1/articles?author=fonte-riservata',
];

/** The surfaces, plus every sitemap file the sitemap index names. */
async function everySurface(app: FastifyInstance): Promise<string[]> {
  const index = (await app.inject('/sitemap.xml')).body;
  const files = [...index.matchAll(/<loc>https?:\/\/[^/]+(\/sitemaps\/[^<]+)<\/loc>/g)].map((m) => m[1] as string);
  expect(files.length).toBeGreaterThan(0);
  return [...surfaces, ...files];
}

async function bodyOf(app: FastifyInstance, url: string): Promise<string> {
  const response = await app.inject(url);
  expect(response.statusCode, url).toBe(200);
  return response.body;
}

async function expectHidden(app: FastifyInstance): Promise<void> {
  for (const url of await everySurface(app)) expect(await bodyOf(app, url), url).not.toMatch(hiddenText);
  // The page a missing URL gets has the navigation too.
  const missing = await app.inject('/pagina-che-non-esiste/');
  expect(missing.statusCode).toBe(404);
  expect(missing.body).not.toMatch(hiddenText);
  for (const url of hiddenPaths) expect((await app.inject(url)).statusCode, url).toBe(404);
  // Filtering a search by them is the same mistake as filtering by a slug that never existed.
  for (const [field, slug] of [
    ['section', 'dossier-riservato'],
    ['author', 'fonte-riservata'],
  ] as const) {
    const response = await app.inject(`/api/v1/search?q=soccorsi&${field}=${slug}`);
    const neverExisted = await app.inject(`/api/v1/search?q=soccorsi&${field}=mai-esistito`);
    expect(response.statusCode, field).toBe(400);
    expect(response.json().error.code).toBe(neverExisted.json().error.code);
    const page = await bodyOf(app, `/cerca?q=soccorsi&${field}=${slug}`);
    expect(page.replaceAll(slug, '')).not.toMatch(hiddenText);
  }
}

async function expectShown(app: FastifyInstance): Promise<void> {
  for (const url of ['/cronaca/alluvione-il-punto/', '/cerca', '/pagina-che-non-esiste/'])
    expect((await app.inject(url)).body, url).toContain('href="/dossier-riservato/"');
  expect(await bodyOf(app, '/cerca')).toContain('Fonte Riservata');
  expect(await bodyOf(app, '/api/v1/sections')).toContain('Dossier Riservato');
  expect(await bodyOf(app, '/api/v1/tags')).toContain('Appalti Segreti');
  expect(await bodyOf(app, '/api/v1/authors')).toContain('Fonte Riservata');
  for (const url of hiddenPaths) expect(await bodyOf(app, url), url).toMatch(/programmato|archiviato/);
  expect((await app.inject('/api/v1/search?q=soccorsi&section=dossier-riservato')).statusCode).toBe(200);
  const sitemaps = (await everySurface(app)).filter((url) => url.startsWith('/sitemaps/'));
  const listed = await Promise.all(sitemaps.map((url) => bodyOf(app, url)));
  for (const path of ['/dossier-riservato/', '/tag/appalti-segreti/', '/autore/fonte-riservata/'])
    expect(listed.join('\n')).toContain(path);
}

describeEachDatabase('on %s', (database) => {
  describe('a section, a tag and an author with no published article', () => {
    let site: TestSite;
    let sibling: Awaited<ReturnType<typeof openSiblingSite>>;
    beforeAll(async () => {
      site = await createTestSite({ database, demo: false, env: debugEnv });
      const report = await site.testata.importer.importArticles(toLines([published, ...unpublished]));
      expect(report.committed).toBe(true);
      await site.testata.changeFeed.poll();
      sibling = await openSiblingSite(site);
    }, 60_000);
    afterAll(async () => {
      await sibling?.close();
      await site?.close();
    });

    test('the surfaces show the published ones (so that their absence below means something)', async () => {
      expect(await bodyOf(site.app, '/cronaca/alluvione-il-punto/')).toContain('href="/cronaca/"');
      expect(await bodyOf(site.app, '/cerca')).toContain('Mario Rossi');
      expect(await bodyOf(site.app, '/api/v1/tags')).toContain('alluvione');
      expect((await site.app.inject('/tag/alluvione/')).statusCode).toBe(200);
    });

    test('are named on no surface, and their pages, feeds and API lists answer 404', async () => {
      await expectHidden(site.app);
    });

    test('appear on every cached surface of every process once one of their articles is published', async () => {
      const apps = [site.app, sibling.app];
      for (const app of apps) await expectHidden(app);
      expect((await site.app.inject('/cronaca/alluvione-il-punto/')).headers['x-cache']).toBe('HIT');

      const scheduled = new ScheduledPublishingService(
        createTransactionRunner(site.testata.database.db, site.testata.database.dialect),
      );
      expect(await scheduled.publishDueArticles()).toBe(1);
      await Promise.all([site.testata.changeFeed.poll(), sibling.testata.changeFeed.poll()]);

      for (const app of apps) await expectShown(app);
    });
  });

  describe('articles published together into a section that had none', () => {
    let site: TestSite;
    beforeAll(async () => {
      site = await createTestSite({ database, demo: false, env: debugEnv });
      await site.testata.importer.importArticles(toLines([published, ...unpublished]));
      // The import's own changes, delivered now rather than with the next ones the test waits for.
      await site.testata.changeFeed.poll();
    }, 60_000);
    afterAll(() => site?.close());

    test('show it in the cached navigation, and hide it again when both are archived', async () => {
      const together = ['primo', 'secondo'].map((slug) =>
        articleRecord({ ...hidden, slug, published_at: '2024-03-02T10:00:00Z' }),
      );
      const page = '/cronaca/alluvione-il-punto/';
      expect(await bodyOf(site.app, page)).not.toMatch(hiddenText);
      expect((await site.app.inject(page)).headers['x-cache']).toBe('HIT');

      await site.testata.importer.importArticles(toLines(together));
      await site.testata.changeFeed.poll();
      expect(await bodyOf(site.app, page)).toContain('href="/dossier-riservato/"');
      expect((await site.app.inject(page)).headers['x-cache']).toBe('HIT');

      await site.testata.importer.importArticles(toLines(together.map((r) => ({ ...r, status: 'archived' }))));
      await site.testata.changeFeed.poll();
      expect(await bodyOf(site.app, page)).not.toMatch(hiddenText);
      expect((await site.app.inject('/dossier-riservato/')).statusCode).toBe(404);
    });
  });
});
