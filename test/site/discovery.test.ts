// What crawlers and aggregators read: robots.txt, the sitemap index and its files, the Google News sitemap
// (each valid under our XSD, through xmllint) and the JSON-LD and Twitter card data of article pages.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { publicationKey } from '../../src/domain/content-keys.ts';
import { PageCache } from '../../src/http/page-cache.ts';
import { registerPageRoutes } from '../../src/http/page-routes.ts';
import { SitemapService } from '../../src/services/sitemap-service.ts';
import { createDiscoveryRoutes } from '../../src/site/discovery/discovery-routes.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import { SitemapRepository } from '../../src/storage/sitemap-repository.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { checkHtmlDocuments, formatHtmlCheckMessages } from '../support/html-checker.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, testPublicUrl, type TestSite, debugEnv } from '../support/test-site.ts';

const schemaPath = fileURLToPath(new URL('../support/sitemap-schema.xsd', import.meta.url));
const hourMs = 3_600_000;
const startedAt = Date.now();
const hoursAgo = (hours: number) => new Date(startedAt - hours * hourMs).toISOString();

const recent = articleRecord({
  slug: 'notizia-di-un-ora-fa',
  section: 'cronaca',
  title: "Notizia di un'ora fa",
  published_at: hoursAgo(1),
});
const threeDaysOld = articleRecord({
  slug: 'notizia-di-tre-giorni-fa',
  section: 'cronaca',
  published_at: hoursAgo(72),
});
const hiddenRecent = articleRecord({
  slug: 'notizia-recente-deindicizzata',
  published_at: hoursAgo(2),
  noindex: true,
  tags: ['tag-solo-deindicizzato'],
  author: { slug: 'autore-solo-deindicizzato', name: 'Autore Deindicizzato' },
});
const hiddenAlone = articleRecord({
  slug: 'unica-del-mese-deindicizzata',
  published_at: '2019-05-10T10:00:00Z',
  noindex: true,
});
const scriptTitle = articleRecord({
  slug: 'titolo-con-script',
  section: 'esteri',
  type: 'analysis',
  title: 'Il tag </script><script>alert(1)</script> nel titolo & altro',
  standfirst: 'Un sommario con <b>markup</b>.',
  published_at: hoursAgo(5),
  tags: ['titoli-difficili'],
  sources: [{ name: 'Rapporto annuale', kind: 'document', url: 'https://example.org/rapporto' }, 'ANSA'],
});
// Characters XML escapes. A control character (XML 1.0 forbids U+0007) no longer gets in through an import
// (issue 20 F6); xml-escaping.test.ts checks that the sitemap would drop one rather than become unreadable.
const awkwardTitle = articleRecord({
  slug: 'titolo-con-caratteri-scomodi',
  section: 'cronaca',
  title: `Virgolette "doppie" e 'semplici', <tag> & campanello`,
  published_at: hoursAgo(3),
  tags: ['caratteri-scomodi'],
});
const splitMonth = Array.from({ length: 5 }, (_, index) =>
  articleRecord({
    slug: `febbraio-2023-${index + 1}`,
    section: 'politica',
    published_at: `2023-02-${String(10 + index)}T08:00:00Z`,
  }),
);

/** xmllint's complaints about a document under our sitemap schema; none means valid. */
function sitemapSchemaErrors(xml: string): string[] {
  const run = spawnSync('xmllint', ['--noout', '--schema', schemaPath, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw new Error(`could not run xmllint (apt-get install -y libxml2-utils): ${run.error.message}`);
  return run.status === 0 ? [] : run.stderr.split('\n').filter((line) => line && !line.endsWith('validates'));
}

const locsOf = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => decodeXml(match[1] ?? ''));
const decodeXml = (text: string) =>
  text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '',
  );
const pathOf = (url: string) => url.slice(testPublicUrl.length);

describeEachDatabase('on %s', (database) => {
  let site: TestSite;
  const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });

  /** The demo with the discovery fixtures and a logo. */
  async function openDiscoverySite(): Promise<TestSite> {
    const opened = await createTestSite({ database, env: debugEnv });
    const records = [recent, threeDaysOld, hiddenRecent, hiddenAlone, scriptTitle, awkwardTitle, ...splitMonth];
    const report = await opened.testata.importer.importArticles(toLines(records));
    expect(report.problems).toEqual([]);
    // The demo publication has no logo; give it one, as an editor would.
    const repositories = createRepositories(opened.testata.database.db, opened.testata.database.dialect);
    const publication = await repositories.publications.find();
    if (!publication) throw new Error('the demo has no publication');
    const now = new Date().toISOString();
    await repositories.publications.save({ ...publication, logoSrc: '/media/logo.png' }, now);
    await repositories.contentChanges.record([publicationKey], now);
    await opened.testata.changeFeed.poll();
    return opened;
  }
  beforeAll(async () => {
    site = await openDiscoverySite();
  });
  afterAll(() => site?.close());

  /**
   * Runs a test that changes the site, or leaves in its cache what it rendered at a faked time, on a site of
   * its own: the shared one stays as every other test expects it.
   */
  async function onOwnSite(body: () => Promise<void>): Promise<void> {
    const shared = site;
    site = await openDiscoverySite();
    try {
      await body();
    } finally {
      await site.close();
      site = shared;
    }
  }

  async function fetchSitemap(path: string): Promise<string> {
    const response = await get(path);
    expect(response.statusCode, path).toBe(200);
    expect(response.headers['content-type'], path).toBe('application/xml; charset=utf-8');
    return response.body;
  }

  /** Every sitemap file the index lists, by path. */
  async function fetchAllSitemaps(): Promise<Map<string, string>> {
    const index = await fetchSitemap('/sitemap.xml');
    const files = new Map<string, string>();
    for (const loc of locsOf(index)) files.set(pathOf(loc), await fetchSitemap(pathOf(loc)));
    return files;
  }

  /** Months of published, indexable articles, as the Content API reports them. */
  async function monthsOfIndexableArticles(): Promise<string[]> {
    const hidden = new Set([hiddenRecent.slug, hiddenAlone.slug]);
    const months = new Set<string>();
    let cursor: string | null = null;
    do {
      const response = await get(`/api/v1/articles?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      const page = response.json() as {
        articles: { slug: string; published_at: string }[];
        next_cursor: string | null;
      };
      for (const article of page.articles) if (!hidden.has(article.slug)) months.add(article.published_at.slice(0, 7));
      cursor = page.next_cursor;
    } while (cursor);
    return [...months].sort();
  }

  describe('sitemap index', () => {
    test('lists one sitemap per month with indexable articles, and the section, tag and author sitemaps', async () => {
      const index = await fetchSitemap('/sitemap.xml');
      expect(sitemapSchemaErrors(index)).toEqual([]);
      expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
      const paths = locsOf(index).map(pathOf);
      const months = paths.flatMap((path) => /^\/sitemaps\/articles-(\d{4}-\d{2})\.xml$/.exec(path)?.[1] ?? []);
      expect(months).toEqual(await monthsOfIndexableArticles());
      expect(months).not.toContain('2019-05');
      expect(paths).toEqual(
        expect.arrayContaining(['/sitemaps/sections.xml', '/sitemaps/tags.xml', '/sitemaps/authors.xml']),
      );
      expect(locsOf(index).every((loc) => loc.startsWith(`${testPublicUrl}/sitemaps/`))).toBe(true);
    });

    test("gives each month's file the newest publication or update in it as lastmod", async () => {
      const index = await fetchSitemap('/sitemap.xml');
      expect(index).toContain(
        `<sitemap><loc>${testPublicUrl}/sitemaps/articles-2023-02.xml</loc><lastmod>2023-02-14T08:00:00.000Z</lastmod></sitemap>`,
      );
      // October's newest change is the demo's last publication that month, later than its updates.
      expect(index).toContain(
        `<loc>${testPublicUrl}/sitemaps/articles-2026-10.xml</loc><lastmod>2026-10-29T11:15:00.000Z</lastmod>`,
      );
    });

    test('gives the section, tag and author sitemaps the newest change of any listed article as lastmod', async () => {
      const index = await fetchSitemap('/sitemap.xml');
      const lastmods = [...index.matchAll(/<loc>[^<]+\/sitemaps\/([a-z]+)[^<]*<\/loc><lastmod>([^<]+)<\/lastmod>/g)];
      const newestArticleChange = lastmods
        .filter((m) => m[1] === 'articles')
        .map((m) => m[2] ?? '')
        .sort()
        .at(-1);
      expect(newestArticleChange).toBe(recent.published_at);
      for (const kind of ['sections', 'tags', 'authors']) {
        expect(lastmods.find((m) => m[1] === kind)?.[2], kind).toBe(newestArticleChange);
      }
      const sections = await fetchSitemap('/sitemaps/sections.xml');
      expect(sections).toContain(
        `<url><loc>${testPublicUrl}/cronaca/</loc><lastmod>${recent.published_at}</lastmod></url>`,
      );
    });

    test('answers a conditional request with 304, and changes when an article is published in a new month', () =>
      onOwnSite(async () => {
        const first = await get('/sitemap.xml');
        expect((await get('/sitemap.xml', { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
        await site.testata.importer.importArticles(
          toLines([articleRecord({ slug: 'luglio-2018', published_at: '2018-07-01T09:00:00Z' })]),
        );
        await site.testata.changeFeed.poll();
        const second = await get('/sitemap.xml', { 'if-none-match': String(first.headers.etag) });
        expect(second.statusCode).toBe(200);
        expect(second.body).toContain('/sitemaps/articles-2018-07.xml');
      }));
  });

  describe('sitemap files', () => {
    test('each listed sitemap answers 200 and is valid under the sitemap schema', async () => {
      const files = await fetchAllSitemaps();
      expect(files.size).toBeGreaterThan(3);
      for (const [path, xml] of files) expect(sitemapSchemaErrors(xml), path).toEqual([]);
    });

    test('lists only absolute URLs with a lastmod, and every one of them answers 200', async () => {
      const files = await fetchAllSitemaps();
      for (const [path, xml] of files) {
        const urls = xml.match(/<url>.*?<\/url>/g) ?? [];
        expect(urls.length, path).toBeGreaterThan(0);
        for (const url of urls)
          expect(url, path).toMatch(
            /^<url><loc>http:\/\/testata\.test\/[^<]*<\/loc><lastmod>\d{4}-\d{2}-\d{2}T[^<]+Z<\/lastmod><\/url>$/,
          );
      }
      const locs = [...files.values()].flatMap(locsOf);
      expect(new Set(locs).size).toBe(locs.length);
      for (const loc of locs) expect((await get(pathOf(loc))).statusCode, loc).toBe(200);
    });

    test('lists articles, sections, tags and authors, and leaves out noindex articles and what only they use', async () => {
      const files = await fetchAllSitemaps();
      const paths = [...files.values()].flatMap(locsOf).map(pathOf);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/esteri/vertice-sul-grano-a-mosca/',
          `/cronaca/${recent.slug}/`,
          `/cronaca/${threeDaysOld.slug}/`,
          '/esteri/',
          '/tag/russia/',
          '/autore/tommaso-lupi/',
        ]),
      );
      expect(paths).not.toContain(`/esteri/${hiddenRecent.slug}/`);
      expect(paths).not.toContain(`/esteri/${hiddenAlone.slug}/`);
      expect(paths).not.toContain('/tag/tag-solo-deindicizzato/');
      expect(paths).not.toContain('/autore/autore-solo-deindicizzato/');
      const sections = files.get('/sitemaps/sections.xml') ?? '';
      expect(locsOf(sections).map(pathOf)).toEqual(expect.arrayContaining(['/esteri/', '/politica/', '/cronaca/']));
    });

    test("lists the publication's own pages in their own sitemap, with their last change", async () => {
      const index = await fetchSitemap('/sitemap.xml');
      expect(locsOf(index).map(pathOf)).toContain('/sitemaps/pages.xml');
      const pages = await fetchSitemap('/sitemaps/pages.xml');
      expect(sitemapSchemaErrors(pages)).toEqual([]);
      expect(locsOf(pages).map(pathOf)).toEqual([
        '/chi-siamo/',
        '/codice-etico/',
        '/correzioni/',
        '/principi-editoriali/',
        '/redazione/',
      ]);
      expect((await get('/sitemaps/pages-1.xml')).statusCode).toBe(404);
    });

    test('answers 404 for a sitemap that does not exist', async () => {
      for (const path of [
        '/sitemaps/articles-1999-01.xml',
        '/sitemaps/articles-2023-02-1.xml',
        '/sitemaps/articles-2023-13.xml',
        '/sitemaps/altro.xml',
      ]) {
        expect((await get(path)).statusCode, path).toBe(404);
      }
    });
  });

  describe('files beyond the URL limit', () => {
    let app: FastifyInstance;
    const limit = 2;

    beforeAll(async () => {
      // The same database behind a sitemap service whose files hold two URLs each.
      const sitemaps = new SitemapService(new SitemapRepository(site.testata.database.db), {
        maxUrlsPerFile: limit,
        maxNewsUrls: limit,
      });
      app = Fastify();
      registerPageRoutes(app, {
        cache: new PageCache(1000),
        routes: createDiscoveryRoutes({
          sitemaps,
          publicUrl: testPublicUrl,
          loadPublication: async () => (await site.testata.reader.getFrame()).publication,
        }),
        sendNotFound: async (_request, reply) => reply.code(404).send('not found'),
        sendBadRequest: async (_request, reply) => reply.code(400).send('bad request'),
        exposeCacheStatus: true,
      });
      await app.ready();
    });
    afterAll(() => app?.close());

    test('splits a month into numbered parts that together list its articles once, oldest first', async () => {
      const index = (await app.inject('/sitemap.xml')).body;
      expect(sitemapSchemaErrors(index)).toEqual([]);
      const parts = locsOf(index)
        .map(pathOf)
        .filter((path) => path.startsWith('/sitemaps/articles-2023-02'));
      expect(parts).toEqual([
        '/sitemaps/articles-2023-02-1.xml',
        '/sitemaps/articles-2023-02-2.xml',
        '/sitemaps/articles-2023-02-3.xml',
      ]);
      const listed: string[] = [];
      for (const part of parts) {
        const response = await app.inject(part);
        expect(response.statusCode, part).toBe(200);
        expect(sitemapSchemaErrors(response.body), part).toEqual([]);
        const locs = locsOf(response.body);
        expect(locs.length).toBeLessThanOrEqual(limit);
        listed.push(...locs.map(pathOf));
      }
      expect(listed).toEqual(splitMonth.map((record) => `/politica/${String(record.slug)}/`));
      expect((await app.inject('/sitemaps/articles-2023-02.xml')).statusCode).toBe(404);
      expect((await app.inject('/sitemaps/articles-2023-02-4.xml')).statusCode).toBe(404);
    });

    test('splits the taxonomy sitemaps too, and keeps every file within the limit', async () => {
      const index = (await app.inject('/sitemap.xml')).body;
      const paths = locsOf(index).map(pathOf);
      expect(paths).toContain('/sitemaps/tags-1.xml');
      expect(paths).not.toContain('/sitemaps/tags.xml');
      const tags: string[] = [];
      for (const path of paths) {
        const response = await app.inject(path);
        expect(response.statusCode, path).toBe(200);
        expect(locsOf(response.body).length, path).toBeLessThanOrEqual(limit);
        if (path.startsWith('/sitemaps/tags-')) tags.push(...locsOf(response.body));
      }
      expect(new Set(tags).size).toBe(tags.length);
      expect(tags.map(pathOf)).toContain('/tag/russia/');
    });

    test('caps the news sitemap, keeping the newest articles', async () => {
      const news = (await app.inject('/sitemap-news.xml')).body;
      expect(sitemapSchemaErrors(news)).toEqual([]);
      expect(locsOf(news).map(pathOf)).toEqual([`/cronaca/${recent.slug}/`, `/cronaca/${awkwardTitle.slug}/`]);
    });
  });

  describe('Google News sitemap', () => {
    afterEach(() => vi.useRealTimers());

    test('lists the indexable articles of the last 48 hours in the news format, and is valid', async () => {
      const news = await fetchSitemap('/sitemap-news.xml');
      expect(sitemapSchemaErrors(news)).toEqual([]);
      expect(news).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
      const paths = locsOf(news).map(pathOf);
      expect(paths).toContain(`/cronaca/${recent.slug}/`);
      expect(paths).toContain(`/esteri/${scriptTitle.slug}/`);
      expect(paths).not.toContain(`/cronaca/${threeDaysOld.slug}/`);
      expect(paths).not.toContain(`/esteri/${hiddenRecent.slug}/`);
      expect(paths.length).toBeLessThanOrEqual(1000);
      expect(news).toContain(
        `<url><loc>${testPublicUrl}/cronaca/${recent.slug}/</loc><news:news><news:publication><news:name>Il Controvento</news:name>` +
          `<news:language>it</news:language></news:publication><news:publication_date>${recent.published_at}</news:publication_date>` +
          `<news:title>Notizia di un&apos;ora fa</news:title></news:news></url>`,
      );
      for (const date of news.match(/(?<=<news:publication_date>)[^<]+/g) ?? []) {
        expect(Date.now() - Date.parse(date)).toBeLessThanOrEqual(48 * hourMs);
      }
    });

    test('escapes markup in titles and drops characters XML cannot carry', async () => {
      const news = await fetchSitemap('/sitemap-news.xml');
      expect(news).toContain(
        '<news:title>Virgolette &quot;doppie&quot; e &apos;semplici&apos;, &lt;tag&gt; &amp; campanello</news:title>',
      );
      expect(news).toContain(
        '<news:title>Il tag &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; nel titolo &amp; altro</news:title>',
      );
    });

    test('drops an article from the cached news sitemap once it is older than 48 hours', () =>
      onOwnSite(async () => {
        const first = await get('/sitemap-news.xml');
        expect((await get('/sitemap-news.xml')).headers['x-cache']).toBe('HIT');
        const dates = first.body.match(/(?<=<news:publication_date>)[^<]+/g) ?? [];
        // biome-ignore lint/complexity/useMathMinMax: ISO instants, compared as strings
        const oldest = dates.reduce((a, b) => (b < a ? b : a));
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(Date.parse(oldest) + 48 * hourMs + 1000);
        const later = await get('/sitemap-news.xml');
        expect(later.headers['x-cache']).toBe('MISS');
        expect(later.body).not.toContain(`<news:publication_date>${oldest}</news:publication_date>`);
        expect(sitemapSchemaErrors(later.body)).toEqual([]);
      }));
  });

  describe('robots.txt', () => {
    test('allows every crawler everywhere and points to both sitemaps', async () => {
      const response = await get('/robots.txt');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body).toBe(
        `User-agent: *\nAllow: /\n\nSitemap: ${testPublicUrl}/sitemap.xml\nSitemap: ${testPublicUrl}/sitemap-news.xml\n`,
      );
      expect((await get('/robots.txt', { 'if-none-match': String(response.headers.etag) })).statusCode).toBe(304);
    });
  });

  describe('structured data', () => {
    const articlePages = {
      news: '/esteri/vertice-sul-grano-a-mosca/',
      opinion: '/opinioni/un-giornale-che-appartiene-a-chi-legge/',
      analysis: '/economia/terre-rare-cosa-rischia-l-europa/',
      corrections: '/economia/pechino-stretta-export-terre-rare/',
      scriptTitle: `/esteri/${scriptTitle.slug}/`,
    };

    // biome-ignore lint/suspicious/noExplicitAny: JSON-LD is read by path in the assertions below
    async function structuredDataOf(path: string): Promise<{ html: string; data: Record<string, any> }> {
      const response = await get(path);
      expect(response.statusCode, path).toBe(200);
      const blocks = [...response.body.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)];
      expect(blocks, path).toHaveLength(1);
      // biome-ignore lint/suspicious/noExplicitAny: as above
      return { html: response.body, data: JSON.parse(blocks[0]?.[1] ?? '') as Record<string, any> };
    }

    test.each([
      ['news', 'NewsArticle'],
      ['opinion', 'OpinionNewsArticle'],
      ['analysis', 'AnalysisNewsArticle'],
    ] as const)('describes a %s article as %s', async (kind, type) => {
      const { data } = await structuredDataOf(articlePages[kind]);
      expect(data['@context']).toBe('https://schema.org');
      expect(data['@type']).toBe(type);
    });

    test('carries headline, description, image, dates, authors, publisher, dateline, language and sources', async () => {
      const { data } = await structuredDataOf(articlePages.news);
      const url = `${testPublicUrl}${articlePages.news}`;
      expect(data).toMatchObject({
        mainEntityOfPage: { '@type': 'WebPage', '@id': url },
        headline: "Vertice sul grano a Mosca, intesa parziale sulle forniture all'Africa",
        description: expect.stringMatching(/^Russia, Turchia e sei Paesi africani/),
        image: [
          {
            '@type': 'ImageObject',
            url: `${testPublicUrl}/media/articoli/vertice-sul-grano-a-mosca.svg`,
            width: 1200,
            height: 675,
          },
        ],
        datePublished: '2026-10-02T07:45:00.000Z',
        dateModified: '2026-10-02T07:45:00.000Z',
        author: [{ '@type': 'Person', name: 'Tommaso Lupi', url: `${testPublicUrl}/autore/tommaso-lupi/` }],
        publisher: {
          '@type': 'NewsMediaOrganization',
          name: 'Il Controvento',
          url: `${testPublicUrl}/`,
          logo: { '@type': 'ImageObject', url: `${testPublicUrl}/media/logo.png` },
        },
        dateline: 'MOSCA',
        inLanguage: 'it-IT',
        isAccessibleForFree: true,
      });
      expect(data.citation).toEqual(
        expect.arrayContaining([
          {
            '@type': 'CreativeWork',
            name: 'Dichiarazione finale del vertice',
            url: 'https://example.org/dichiarazione-vertice-grano',
          },
        ]),
      );
      expect(data.correction).toBeUndefined();
    });

    test('lists corrections as CorrectionComment with their text and date, and the update as dateModified', async () => {
      const { data } = await structuredDataOf(articlePages.corrections);
      expect(data.dateModified).toBe('2026-10-14T11:05:00.000Z');
      expect(data.correction).toEqual([
        expect.objectContaining({
          '@type': 'CorrectionComment',
          text: expect.stringMatching(/^Una versione precedente/),
          datePublished: '2026-10-14T11:05:00.000Z',
        }),
      ]);
    });

    test('keeps a </script> in a headline inside the data block, escaped', async () => {
      const { html, data } = await structuredDataOf(articlePages.scriptTitle);
      expect(data.headline).toBe(scriptTitle.title);
      expect(data.description).toBe(scriptTitle.standfirst);
      expect(html).toContain(
        '"headline":"Il tag \\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e nel titolo \\u0026 altro"',
      );
      expect(html.match(/<\/script/gi)).toHaveLength(1);
      expect(data.citation).toEqual([
        { '@type': 'CreativeWork', name: 'Rapporto annuale', url: 'https://example.org/rapporto' },
        { '@type': 'CreativeWork', name: 'ANSA' },
      ]);
      expect(data.image).toBeUndefined();
    });

    test('adds Twitter card tags: a large image card with an image, a summary card without', async () => {
      const withImage = (await get(articlePages.news)).body;
      expect(withImage).toContain('<meta name="twitter:card" content="summary_large_image"/>');
      expect(withImage).toContain(
        `<meta name="twitter:title" content="Vertice sul grano a Mosca, intesa parziale sulle forniture all'Africa"/>`,
      );
      expect(withImage).toMatch(
        /<meta name="twitter:description" content="Russia, Turchia e sei Paesi africani[^"]*"\/>/,
      );
      expect(withImage).toContain(
        `<meta name="twitter:image" content="${testPublicUrl}/media/articoli/vertice-sul-grano-a-mosca.svg"/>`,
      );
      const withoutImage = (await get(articlePages.scriptTitle)).body;
      expect(withoutImage).toContain('<meta name="twitter:card" content="summary"/>');
      expect(withoutImage).not.toContain('twitter:image');
    });

    test('leaves every article page valid under the Nu Html Checker', async () => {
      const documents = new Map<string, string>();
      for (const [name, path] of Object.entries(articlePages)) documents.set(name, (await get(path)).body);
      const results = await checkHtmlDocuments(documents);
      for (const [name, { errors }] of results)
        expect(errors, `${name}:\n${formatHtmlCheckMessages(errors)}`).toEqual([]);
    }, 60_000);
  });
});
