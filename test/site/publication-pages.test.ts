// The publication's own pages (about us, masthead, editorial standards): shown only when they have content,
// linked from every footer and from the publisher's JSON-LD, and dropped from every cache when edited.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { publicationPageKinds, publicationPageSlugs } from '../../src/domain/publication-page.ts';
import { reservedSlugs } from '../../src/domain/reader-paths.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, testPublicUrl, type TestSite, debugEnv } from '../support/test-site.ts';

const pagePaths = {
  about: '/chi-siamo/',
  masthead: '/redazione/',
  'publishing-principles': '/principi-editoriali/',
  'corrections-policy': '/correzioni/',
  'ethics-policy': '/codice-etico/',
} as const;
const articlePath = '/esteri/vertice-sul-grano-a-mosca/';
const policyProperties = ['publishingPrinciples', 'correctionsPolicy', 'ethicsPolicy', 'masthead'];

test('reserves every page slug, so that no section or article can take its address', () => {
  for (const kind of publicationPageKinds) expect(reservedSlugs.has(publicationPageSlugs[kind]), kind).toBe(true);
  expect(Object.values(publicationPageSlugs).map((slug) => `/${slug}/`)).toEqual(Object.values(pagePaths));
});

describeEachDatabase('on %s', (database) => {
  // Nearly every test writes pages: each gets a demo site of its own.
  let site: TestSite;
  beforeEach(async () => {
    site = await createTestSite({ database, env: debugEnv });
    await site.testata.changeFeed.poll(); // past the demo's own changes, which would drop what a test caches
  });
  afterEach(() => site?.close());

  const get = (url: string) => site.app.inject({ method: 'GET', url });
  const poll = () => site.testata.changeFeed.poll();
  const footerLinksOf = (html: string) =>
    [...(/<nav class="footer-pages"[^>]*>(.*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(/<a href="([^"]+)">/g)].map(
      (m) => m[1],
    );
  async function publisherOf(path: string): Promise<Record<string, unknown>> {
    const html = (await get(path)).body;
    const json = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}';
    return (JSON.parse(json) as { publisher: Record<string, unknown> }).publisher;
  }

  test("serves each of the demo's pages with its title, text, canonical link, description and Italian update date", async () => {
    for (const [kind, path] of Object.entries(pagePaths)) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(200);
      const html = response.body;
      expect(html, kind).toMatch(/<h1 class="article-title">[^<]+<\/h1>/);
      expect(html, kind).toContain(`<link rel="canonical" href="${testPublicUrl}${path}"/>`);
      expect(html, kind).toContain(`<meta property="og:url" content="${testPublicUrl}${path}"/>`);
      expect(html, kind).toMatch(/<meta name="description" content="[^"]{40,}"\/>/);
      expect(html, kind).toMatch(
        /Ultimo aggiornamento: <time datetime="\d{4}-\d{2}-\d{2}T[^"]+Z">\d{1,2} [a-z]+ \d{4}<\/time>/,
      );
      expect(html, kind).toMatch(/<div class="article-body"><p>/);
    }
    const masthead = (await get(pagePaths.masthead)).body;
    expect(masthead).toContain('<title>Redazione – Il Controvento</title>');
    expect(masthead).toContain('<a href="/autore/tommaso-lupi/">');
  });

  test('links every existing page from the footer, before the legal notice, in a labelled list', async () => {
    const html = (await get('/cultura/')).body;
    expect(footerLinksOf(html)).toEqual(Object.values(pagePaths));
    expect(html).toContain(
      '<nav class="footer-pages" aria-label="La testata"><ul><li><a href="/chi-siamo/">Chi siamo</a></li>',
    );
    expect(html.indexOf('class="footer-pages"')).toBeLessThan(html.indexOf('id="note-legali"'));
  });

  test("gives the article's publisher absolute links to the policy pages and the masthead", async () => {
    expect(await publisherOf(articlePath)).toMatchObject({
      '@type': 'NewsMediaOrganization',
      publishingPrinciples: `${testPublicUrl}/principi-editoriali/`,
      correctionsPolicy: `${testPublicUrl}/correzioni/`,
      ethicsPolicy: `${testPublicUrl}/codice-etico/`,
      masthead: `${testPublicUrl}/redazione/`,
    });
  });

  test('sanitises a page body as it does an article body', async () => {
    await site.testata.publicationPages.set(
      'ethics-policy',
      'Testo <script>alert(1)</script> e [un link](javascript:alert(2)).',
    );
    await poll();
    const html = (await get(pagePaths['ethics-policy'])).body;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('an edit drops the cached page, in every process once its change feed reads the change, and no other page', async () => {
    const others = ['/', '/cultura/', articlePath, pagePaths.about];
    for (const url of [pagePaths.masthead, ...others]) await get(url);
    for (const url of [pagePaths.masthead, ...others]) expect((await get(url)).headers['x-cache'], url).toBe('HIT');

    const write = await site.testata.publicationPages.set('masthead', '# Direzione\n\nLa nuova redazione.', {
      title: 'La redazione',
    });
    expect(write.outcome).toBe('updated');
    expect((await get(pagePaths.masthead)).headers['x-cache']).toBe('HIT');
    await poll();

    const page = await get(pagePaths.masthead);
    expect(page.headers['x-cache']).toBe('MISS');
    expect(page.body).toContain('<h1 class="article-title">La redazione</h1>');
    expect(page.body).toContain('<h2>Direzione</h2>');
    // The footer names pages by kind, not by title: an edit leaves every other page's frame as it was.
    for (const url of others) expect((await get(url)).headers['x-cache'], url).toBe('HIT');
  });

  test('an unchanged page records no change and drops nothing', async () => {
    const page = await site.testata.publicationPages.list();
    const masthead = page.find((p) => p.kind === 'masthead');
    if (!masthead) throw new Error('no masthead');
    await get(pagePaths.masthead);
    const write = await site.testata.publicationPages.set('masthead', masthead.bodyMarkdown);
    expect(write.outcome).toBe('unchanged');
    await poll();
    expect((await get(pagePaths.masthead)).headers['x-cache']).toBe('HIT');
  });

  test('a removed page answers 404, and leaves the footer and the JSON-LD of every cached page', async () => {
    for (const url of ['/', articlePath, pagePaths.masthead]) await get(url);
    expect(await site.testata.publicationPages.remove('masthead')).toBe(true);
    await poll();
    expect((await get(pagePaths.masthead)).statusCode).toBe(404);
    const home = await get('/');
    expect(home.headers['x-cache']).toBe('MISS');
    expect(footerLinksOf(home.body)).toEqual([
      pagePaths.about,
      pagePaths['publishing-principles'],
      pagePaths['corrections-policy'],
      pagePaths['ethics-policy'],
    ]);
    const publisher = await publisherOf(articlePath);
    expect(publisher.masthead).toBeUndefined();
    expect(publisher.correctionsPolicy).toBe(`${testPublicUrl}/correzioni/`);
    expect(await site.testata.publicationPages.remove('masthead')).toBe(false);
  });

  test('with no page at all: every address answers 404, the footer has no list and the publisher no policy link', async () => {
    for (const kind of publicationPageKinds) await site.testata.publicationPages.remove(kind);
    await poll();
    for (const path of Object.values(pagePaths)) expect((await get(path)).statusCode, path).toBe(404);
    const html = (await get(articlePath)).body;
    expect(html).not.toContain('footer-pages');
    const publisher = await publisherOf(articlePath);
    for (const property of policyProperties) expect(publisher[property], property).toBeUndefined();
  });

  test('a new page appears at its address and in the footer of every cached page', async () => {
    for (const kind of publicationPageKinds) await site.testata.publicationPages.remove(kind);
    await poll();
    await get('/cultura/');
    const write = await site.testata.publicationPages.set(
      'corrections-policy',
      '---\ntitle: Come correggiamo\ndescription: Errori e correzioni.\n---\nScriveteci.\n',
    );
    expect(write.outcome).toBe('created');
    await poll();
    const page = await get(pagePaths['corrections-policy']);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Come correggiamo – Il Controvento</title>');
    expect(page.body).toContain('<meta name="description" content="Errori e correzioni."/>');
    const section = await get('/cultura/');
    expect(section.headers['x-cache']).toBe('MISS');
    expect(footerLinksOf(section.body)).toEqual([pagePaths['corrections-policy']]);
    expect(await publisherOf(articlePath)).toMatchObject({ correctionsPolicy: `${testPublicUrl}/correzioni/` });
  });

  test('refuses an unknown kind naming the valid ones, a new page without a title, and a page without text', async () => {
    const pages = site.testata.publicationPages;
    await pages.remove('about');
    await poll();
    await expect(pages.set('chi-siamo', 'Testo.', { title: 'Chi siamo' })).rejects.toThrow(
      'Unknown page kind "chi-siamo": use one of about, masthead, publishing-principles, corrections-policy, ethics-policy.',
    );
    await expect(pages.set('about', 'Testo senza titolo.')).rejects.toThrow(/needs a title/);
    await expect(pages.set('about', '---\ntitle: Chi siamo\n---\n\n', {})).rejects.toThrow(/no text/);
    await expect(pages.set('about', '---\ntitolo: Chi siamo\n---\nTesto.')).rejects.toThrow(
      'Unknown front matter field "titolo"',
    );
    await expect(pages.remove('nessuna')).rejects.toBeInstanceOf(ValidationError);
    expect((await get(pagePaths.about)).statusCode).toBe(404);
  });
});
