import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publicationKey } from '../../src/domain/content-keys.ts';
import { buildFeedDocument } from '../../src/site/feeds/feed-document.ts';
import { buildRssFeed } from '../../src/site/feeds/rss-feed-builder.ts';
import { buildAtomFeed } from '../../src/site/feeds/atom-feed-builder.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import { unnamedPublication } from '../../src/domain/publication.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { jsonFeedProblems, parseFeed, type ParsedFeed } from '../support/feed-parser.ts';
import { describeEachDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { createTestSite, testPublicUrl, type TestSite, debugEnv } from '../support/test-site.ts';

const section = { slug: 'prove-feed', name: 'Prove feed' };
const tag = { slug: 'tag-dei-feed', name: 'Tag dei feed' };
const otherTag = { slug: 'altro-tag-feed', name: 'Altro tag' };
const author = { slug: 'autrice-feed', name: 'Autrice Feed' };
const newsroom = { slug: 'redazione-feed', name: 'Redazione Feed' };
const hostileTitle = 'Il tag <script>alert("x")</script> & le ]]> parentesi';
const hostileStandfirst = 'Un sommario con <b>markup</b>, <img src=x onerror=alert(1)> & prezzi < 5 € &amp; più.';

/** 32 ordinary articles an hour apart, newer than the whole demo; every 2nd tagged, every 4th also by the author. */
const ordinary = Array.from({ length: 32 }, (_, i) =>
  articleRecord({
    slug: `feed-ordinario-${i}`,
    title: `Notizia ordinaria ${i}`,
    subtitle: `Sommario della notizia ${i}.`,
    section: section.slug,
    section_name: section.name,
    authors: i % 4 === 0 ? [author, newsroom] : [newsroom],
    author: undefined,
    tags: i % 2 === 0 ? [tag, otherTag] : [otherTag],
    published_at: new Date(Date.UTC(2026, 11, 1, i)).toISOString(),
    body_markdown: `Testo ${i} con un [collegamento interno](/esteri/) e un'immagine:\n\n![Grafico](/media/grafici/grafico-${i}.png)`,
  }),
);
const hostile = articleRecord({
  slug: 'feed-titolo-ostile',
  title: hostileTitle,
  subtitle: hostileStandfirst,
  section: section.slug,
  section_name: section.name,
  authors: [author],
  author: undefined,
  tags: [tag],
  published_at: '2026-12-04T09:30:00Z',
  body_markdown: 'Un corpo con ]]> nel testo e nel codice:\n\n```\n<![CDATA[ ]]> ]]]]>\n```',
  image: { src: '/media/articoli/ostile.jpg', alt: 'Una foto', width: 1200, height: 675 },
});
const externalImage = articleRecord({
  slug: 'feed-immagine-esterna',
  section: section.slug,
  section_name: section.name,
  published_at: '2026-12-03T12:00:00Z',
  image: { src: 'https://cdn.example.org/foto/esterna.png', alt: 'Foto esterna', width: 800, height: 600 },
});
const hidden = articleRecord({
  slug: 'feed-noindex',
  section: section.slug,
  section_name: section.name,
  authors: [author],
  author: undefined,
  tags: [tag],
  published_at: '2026-12-05T10:00:00Z',
  noindex: true,
});
const draft = articleRecord({
  slug: 'feed-bozza',
  section: section.slug,
  section_name: section.name,
  status: 'draft',
  published_at: null,
  tags: [tag],
});

const fixtures = [...ordinary, hostile, externalImage, hidden, draft];
const publishedAtOf = new Map(fixtures.map((r) => [String(r.slug), r.published_at as string | null]));

const formats = {
  rss: { suffix: 'feed/', contentType: 'application/rss+xml; charset=utf-8' },
  atom: { suffix: 'feed/atom/', contentType: 'application/atom+xml; charset=utf-8' },
  json: { suffix: 'feed.json', contentType: 'application/feed+json; charset=utf-8' },
} as const;

/** Every scope's feed base, with the number of entries it must carry. */
const scopes = [
  { name: 'the whole site', basePath: '/', count: 30 },
  { name: 'a section', basePath: `/${section.slug}/`, count: 30 },
  { name: 'a tag', basePath: `/tag/${tag.slug}/`, count: 17 },
  { name: 'an author', basePath: `/autore/${author.slug}/`, count: 9 },
  { name: 'a demo section', basePath: '/esteri/', count: -1 },
];

const slugOf = (url: string | null) => /\/([a-z0-9-]+)\/$/.exec(url ?? '')?.[1] ?? '';

describeEachDatabase('on %s', (database) => {
  /** The demo with the feed fixtures; the tests share one, and a test that adds articles opens its own. */
  async function openFeedSite(): Promise<TestSite> {
    const opened = await createTestSite({ database, env: debugEnv });
    const report = await opened.testata.importer.importArticles(toLines(fixtures));
    expect(report.problems).toEqual([]);
    await opened.testata.changeFeed.poll();
    return opened;
  }
  let site: TestSite;
  beforeAll(async () => {
    site = await openFeedSite();
  });
  afterAll(() => site.close());

  const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });

  async function fetchParsed(url: string, contentType: string): Promise<{ raw: string; parsed: ParsedFeed }> {
    const response = await get(url);
    expect(response.statusCode, url).toBe(200);
    expect(response.headers['content-type']).toBe(contentType);
    return { raw: response.body, parsed: parseFeed(response.body, contentType) };
  }

  describe.each(scopes)('the feeds of $name', ({ basePath, count }) => {
    test.each(['rss', 'atom'] as const)(
      '%s parses without errors: newest first, absolute links, bylines, dates of publication',
      async (format) => {
        const { parsed } = await fetchParsed(basePath + formats[format].suffix, formats[format].contentType);
        expect(parsed.bozo, String(parsed.bozoException)).toBe(false);
        expect(parsed.version).toBe(format === 'rss' ? 'rss20' : 'atom10');
        expect(parsed.feed.title).toMatch(/^Il Controvento/);
        expect(parsed.feed.link).toBe(testPublicUrl + basePath);
        expect(parsed.feed.language).toBe('it-IT');
        expect(parsed.feed.selfLink).toBe(testPublicUrl + basePath + formats[format].suffix);
        if (count >= 0) expect(parsed.entries).toHaveLength(count);
        else expect(parsed.entries.length).toBeGreaterThan(1);
        const published = parsed.entries.map((e) => e.published ?? '');
        expect([...published].sort().reverse()).toEqual(published);
        for (const entry of parsed.entries) {
          expect(entry.link).toMatch(new RegExp(`^${testPublicUrl}/[a-z0-9-]+/[a-z0-9-]+/$`));
          expect(entry.id).toBe(entry.link);
          expect(entry.authors.length).toBeGreaterThan(0);
          expect(entry.authors.every((a) => a.name)).toBe(true);
          expect(entry.tags.length).toBeGreaterThan(0);
          const expected = publishedAtOf.get(slugOf(entry.link));
          if (expected) expect(entry.published).toBe(expected.replace(/\.000Z$/, 'Z'));
        }
        const slugs = parsed.entries.map((e) => slugOf(e.link));
        expect(slugs).not.toContain('feed-noindex');
        expect(slugs).not.toContain('feed-bozza');
      },
    );

    test('JSON Feed meets the 1.1 specification and lists the same articles in the same order', async () => {
      const response = await get(basePath + formats.json.suffix);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(formats.json.contentType);
      const document = JSON.parse(response.body) as {
        feed_url: string;
        home_page_url: string;
        language: string;
        items: { url: string }[];
      };
      expect(jsonFeedProblems(document)).toEqual([]);
      expect(document.feed_url).toBe(`${testPublicUrl}${basePath}feed.json`);
      expect(document.home_page_url).toBe(testPublicUrl + basePath);
      expect(document.language).toBe('it-IT');
      const rss = parseFeed((await get(`${basePath}feed/`)).body, formats.rss.contentType);
      expect(document.items.map((item) => item.url)).toEqual(rss.entries.map((e) => e.link));
    });
  });

  test('an RSS item carries dc:creator, the section and tags as categories, a permalink guid, a GMT date and its image', async () => {
    const { raw, parsed } = await fetchParsed(`/tag/${tag.slug}/feed/`, formats.rss.contentType);
    expect(raw).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
    expect(raw).toContain(
      `<atom:link href="${testPublicUrl}/tag/${tag.slug}/feed/" rel="self" type="application/rss+xml"/>`,
    );
    expect(raw).toContain('<language>it-IT</language>');
    expect(raw).toContain(`<title>Il Controvento – Argomento: ${tag.name}</title>`);
    expect(raw).toContain(`<guid isPermaLink="true">${testPublicUrl}/${section.slug}/feed-titolo-ostile/</guid>`);
    expect(raw).toContain('<pubDate>Fri, 04 Dec 2026 09:30:00 GMT</pubDate>');
    expect(raw).toMatch(/<lastBuildDate>Fri, 04 Dec 2026 09:30:00 GMT<\/lastBuildDate>/);
    const first = parsed.entries[0]!;
    expect(first.title).toBe(hostileTitle);
    expect(first.authors).toEqual([{ name: author.name, href: null }]);
    expect(first.tags.map((t) => t.term)).toEqual([section.name, tag.name]);
    expect(first.enclosures).toEqual([
      { href: `${testPublicUrl}/media/articoli/ostile.jpg`, type: 'image/jpeg', length: '0' },
    ]);
    const coSigned = parsed.entries.find((e) => e.link?.endsWith('/feed-ordinario-28/'));
    expect(coSigned?.authors.map((a) => a.name)).toEqual([author.name, newsroom.name]);
    expect(coSigned?.tags.map((t) => t.term)).toEqual([section.name, otherTag.name, tag.name]);
    expect(coSigned?.enclosures).toEqual([]);
    expect(raw).toContain(`<category domain="${testPublicUrl}/tag/">${tag.name}</category>`);
  });

  test('an Atom entry has an id, dates, authors with their page, categories and its image as an enclosure link', async () => {
    const { raw, parsed } = await fetchParsed(`/autore/${author.slug}/feed/atom/`, formats.atom.contentType);
    expect(parsed.feed.id).toBe(`${testPublicUrl}/autore/${author.slug}/feed/atom/`);
    expect(parsed.feed.updated).toBe('2026-12-04T09:30:00Z');
    expect(raw).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it-IT">');
    const first = parsed.entries[0]!;
    expect(first.id).toBe(`${testPublicUrl}/${section.slug}/feed-titolo-ostile/`);
    expect(first.title).toBe(hostileTitle);
    expect(first.published).toBe('2026-12-04T09:30:00Z');
    expect(first.updated).toBe('2026-12-04T09:30:00Z');
    expect(first.authors).toEqual([{ name: author.name, href: `${testPublicUrl}/autore/${author.slug}/` }]);
    expect(first.tags.map((t) => t.term)).toEqual([section.name, tag.name]);
    expect(first.enclosures).toEqual([
      { href: `${testPublicUrl}/media/articoli/ostile.jpg`, type: 'image/jpeg', length: null },
    ]);
  });

  test('a JSON Feed item has its authors with their page, the section and tags, its image and both dates', async () => {
    const document = JSON.parse((await get('/feed.json')).body) as {
      version: string;
      title: string;
      items: {
        id: string;
        url: string;
        title: string;
        content_html?: string;
        image?: string;
        authors: unknown[];
        tags: string[];
        date_published: string;
      }[];
    };
    expect(document.version).toBe('https://jsonfeed.org/version/1.1');
    expect(document.title).toBe('Il Controvento');
    expect(document.items).toHaveLength(30);
    const [first, second] = document.items;
    expect(first).toMatchObject({
      id: `${testPublicUrl}/${section.slug}/feed-titolo-ostile/`,
      url: `${testPublicUrl}/${section.slug}/feed-titolo-ostile/`,
      title: hostileTitle,
      image: `${testPublicUrl}/media/articoli/ostile.jpg`,
      authors: [{ name: author.name, url: `${testPublicUrl}/autore/${author.slug}/` }],
      tags: [section.name, tag.name],
      date_published: '2026-12-04T09:30:00Z',
      date_modified: '2026-12-04T09:30:00Z',
    });
    expect(second).toMatchObject({ image: 'https://cdn.example.org/foto/esterna.png' });
  });

  test('carries full text by default, with every link and image in the body made absolute', async () => {
    const { raw, parsed } = await fetchParsed(`/${section.slug}/feed/`, formats.rss.contentType);
    expect(raw).toContain('<content:encoded><![CDATA[');
    const ordinaryEntry = parsed.entries.find((e) => e.link?.endsWith('/feed-ordinario-31/'));
    const content = ordinaryEntry?.content[0] ?? '';
    expect(content).toContain(`href="${testPublicUrl}/esteri/"`);
    expect(content).toContain(`src="${testPublicUrl}/media/grafici/grafico-31.png"`);
    expect(ordinaryEntry?.summary).toBe('Sommario della notizia 31.');
    const atom = (await get(`/${section.slug}/feed/atom/`)).body;
    expect(atom).toContain(`&lt;a href=&quot;${testPublicUrl}/esteri/&quot;`);
  });

  test('stays well-formed with markup in a title and ]]> in a body', async () => {
    for (const format of ['rss', 'atom'] as const) {
      const { raw, parsed } = await fetchParsed(
        `/${section.slug}/${formats[format].suffix}`,
        formats[format].contentType,
      );
      expect(parsed.bozo, String(parsed.bozoException)).toBe(false);
      expect(raw).not.toContain('<script>');
      const entry = parsed.entries.find((e) => e.title === hostileTitle);
      expect(entry?.content[0]).toMatch(/\]\](&gt;|>) nel testo/);
    }
    const json = JSON.parse((await get(`/${section.slug}/feed.json`)).body) as { items: { title: string }[] };
    expect(json.items[0]?.title).toBe(hostileTitle);
  });

  test('gives RSS readers the standfirst as the text it is, markup and a literal < included', async () => {
    const { raw, parsed } = await fetchParsed(`/${section.slug}/feed/`, formats.rss.contentType);
    expect(raw).toContain('<description>Un sommario con &amp;lt;b&amp;gt;markup&amp;lt;/b&amp;gt;, &amp;lt;img');
    // feedparser hands an RSS description on as HTML, as readers render it: no element, and its text is the standfirst.
    const summary = parsed.entries.find((e) => e.title === hostileTitle)?.summary ?? '';
    expect(summary).not.toContain('<');
    expect(textOfHtml(summary)).toBe(hostileStandfirst);
    // Atom says type="text", and feedparser returns it as such.
    const atom = await fetchParsed(`/${section.slug}/${formats.atom.suffix}`, formats.atom.contentType);
    expect(atom.parsed.entries.find((e) => e.title === hostileTitle)?.summary).toBe(hostileStandfirst);
  });

  test('never lists a noindex or unpublished article', async () => {
    for (const { basePath } of scopes) {
      for (const { suffix } of Object.values(formats)) {
        const body = (await get(basePath + suffix)).body;
        expect(body).not.toContain('feed-noindex');
        expect(body).not.toContain('feed-bozza');
      }
    }
  });

  test('answers 404 for an unknown section, tag or author, in every format', async () => {
    for (const basePath of [
      '/sezione-inesistente/',
      '/tag/argomento-inesistente/',
      '/autore/nessuno/',
      '/tag/Non_Slug/',
    ]) {
      for (const { suffix } of Object.values(formats))
        expect((await get(basePath + suffix)).statusCode, basePath + suffix).toBe(404);
    }
  });

  test('lives beside articles and listings without shadowing them, and redirects a missing trailing slash', async () => {
    expect((await get('/esteri/vertice-sul-grano-a-mosca/')).statusCode).toBe(200);
    expect((await get('/tag/russia/')).statusCode).toBe(200);
    const bare = await get('/feed');
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe(`${testPublicUrl}/feed/`);
    expect((await get('/esteri/feed/atom')).headers.location).toBe(`${testPublicUrl}/esteri/feed/atom/`);
  });

  test('is served from the page cache with an ETag and a Last-Modified date that answer 304', async () => {
    const first = await get('/tag/russia/feed/');
    expect(first.headers['x-cache']).toBe('MISS');
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    expect(lastModified).toMatch(/GMT$/);
    const cached = await get('/tag/russia/feed/', { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);
    expect(cached.headers['x-cache']).toBe('HIT');
    expect(cached.body).toBe('');
    expect((await get('/tag/russia/feed/', { 'if-modified-since': lastModified })).statusCode).toBe(304);
    expect((await get('/tag/russia/feed/', { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).statusCode).toBe(
      200,
    );
    // If-None-Match decides when both are sent.
    expect(
      (await get('/tag/russia/feed/', { 'if-none-match': 'W/"altro"', 'if-modified-since': lastModified })).statusCode,
    ).toBe(200);
  });

  test('drops a cached feed when a new article joins it', async () => {
    const own = await openFeedSite();
    const get = (url: string, headers: Record<string, string> = {}) => own.app.inject({ method: 'GET', url, headers });
    try {
      const before = await get(`/autore/${author.slug}/feed.json`);
      const etag = String(before.headers.etag);
      const record = articleRecord({
        slug: 'feed-nuovo-arrivo',
        section: section.slug,
        authors: [author],
        author: undefined,
        published_at: '2026-12-06T08:00:00Z',
      });
      await own.testata.importer.importArticles(toLines([record]));
      await own.testata.changeFeed.poll();
      const after = await get(`/autore/${author.slug}/feed.json`, { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers['x-cache']).toBe('MISS');
      const document = JSON.parse(after.body) as { items: { url: string }[] };
      expect(document.items).toHaveLength(10);
      expect(document.items[0]?.url).toBe(`${testPublicUrl}/${section.slug}/feed-nuovo-arrivo/`);
    } finally {
      await own.close();
    }
  });

  test('carries only summaries when the publication says so', async () => {
    const { db } = site.testata.database;
    const setFullText = async (value: 0 | 1) => {
      await db.updateTable('publication').set({ feed_full_text: value }).execute();
      await createRepositories(db, site.testata.database.dialect).contentChanges.record(
        [publicationKey],
        new Date().toISOString(),
      );
      await site.testata.changeFeed.poll();
    };
    await setFullText(0);
    try {
      const { raw, parsed } = await fetchParsed('/feed/', formats.rss.contentType);
      expect(parsed.bozo).toBe(false);
      expect(raw).not.toContain('content:encoded>');
      expect(parsed.entries.find((e) => e.link?.endsWith('/feed-ordinario-31/'))?.summary).toBe(
        'Sommario della notizia 31.',
      );
      expect((await get('/feed/atom/')).body).not.toContain('<content');
      const json = JSON.parse((await get('/feed.json')).body) as {
        items: { content_html?: string; content_text?: string }[];
      };
      expect(jsonFeedProblems(json)).toEqual([]);
      expect(json.items.every((item) => item.content_html === undefined && typeof item.content_text === 'string')).toBe(
        true,
      );
    } finally {
      await setFullText(1);
    }
    expect((await get('/feed/')).body).toContain('content:encoded>');
  });

  test('pages announce their feeds: a listing its own first, then the site’s', async () => {
    const home = (await get('/')).body;
    expect(home).toContain(
      `<link rel="alternate" type="application/rss+xml" title="Il Controvento (RSS)" href="${testPublicUrl}/feed/"/>`,
    );
    expect(home).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Il Controvento (Atom)" href="${testPublicUrl}/feed/atom/"/>`,
    );
    expect(home).toContain(
      `<link rel="alternate" type="application/feed+json" title="Il Controvento (JSON Feed)" href="${testPublicUrl}/feed.json"/>`,
    );
    const listing = (await get('/tag/russia/')).body;
    const alternates = [...listing.matchAll(/<link rel="alternate" type="[^"]+" title="[^"]+" href="([^"]+)"\/>/g)].map(
      (m) => m[1],
    );
    expect(alternates).toEqual([
      `${testPublicUrl}/tag/russia/feed/`,
      `${testPublicUrl}/tag/russia/feed/atom/`,
      `${testPublicUrl}/tag/russia/feed.json`,
      `${testPublicUrl}/feed/`,
      `${testPublicUrl}/feed/atom/`,
      `${testPublicUrl}/feed.json`,
    ]);
    expect(listing).toContain('title="Il Controvento – Argomento: Russia (RSS)"');
  });
});

describe('feed builders', () => {
  const document = buildFeedDocument(
    {
      publication: { ...unnamedPublication, name: 'Prova & <Co>', description: hostileStandfirst },
      publicationChangedAt: '2026-01-01T00:00:00.000Z',
      subject: { kind: 'site' },
      isFullText: true,
      dependencies: [],
      articles: [
        {
          id: 'a1',
          slug: 'pezzo',
          type: 'news',
          title: 'Titolo \u0001con un carattere di controllo',
          standfirst: 'Sommario',
          bodyHtml:
            '<p>Codice: <code>]]></code> e ancora ]]]]> e <a href="#fonti">le fonti</a> e <a href="altro/">un relativo</a></p>',
          image: { src: '/media/a b.webp', alt: 'Alt', caption: null, credit: null, width: 10, height: 10 },
          publishedAt: '2026-02-03T04:05:06.789Z',
          updatedAt: null,
          section: { id: 's', slug: 'sezione', name: 'Sezione' },
          authors: [],
          tags: [],
        },
      ],
    },
    'https://www.example.org',
  );

  test('keeps a ]]> in a body from closing the CDATA section, and drops characters XML forbids', () => {
    const rss = buildRssFeed(document);
    const parsed = parseFeed(rss, 'application/rss+xml');
    expect(parsed.bozo, String(parsed.bozoException)).toBe(false);
    expect(parsed.feed.title).toBe('Prova & <Co>');
    const entry = parsed.entries[0]!;
    expect(entry.title).toBe('Titolo con un carattere di controllo');
    expect(entry.content[0]).toContain('Codice: <code>]]></code> e ancora ]]]]> e');
    expect(entry.published).toBe('2026-02-03T04:05:06Z');
    expect(entry.enclosures).toEqual([
      { href: 'https://www.example.org/media/a%20b.webp', type: 'image/webp', length: '0' },
    ]);
  });

  test("gives RSS readers the publication's description as the text it is, markup and a literal < included", () => {
    const subtitle = parseFeed(buildRssFeed(document), 'application/rss+xml').feed.subtitle ?? '';
    expect(subtitle).not.toContain('<');
    expect(textOfHtml(subtitle)).toBe(hostileStandfirst);
  });

  test('resolves fragment and relative links in a body against the article', () => {
    const content = document.items[0]?.contentHtml ?? '';
    expect(content).toContain('href="https://www.example.org/sezione/pezzo/#fonti"');
    expect(content).toContain('href="https://www.example.org/sezione/pezzo/altro/"');
  });

  test('an Atom feed of an article without byline is still valid: the publication signs it', () => {
    const parsed = parseFeed(buildAtomFeed(document), 'application/atom+xml');
    expect(parsed.bozo, String(parsed.bozoException)).toBe(false);
    expect(parsed.entries[0]?.published).toBe('2026-02-03T04:05:06Z');
  });
});

describe.runIf(testDatabaseKinds.includes('postgres'))('the same feeds on SQLite and on PostgreSQL', () => {
  let sqlite: TestSite;
  let postgres: TestSite;
  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([
      createTestSite({ database: 'sqlite' }),
      createTestSite({ database: 'postgres' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.close(), postgres?.close()]);
  });

  test('every feed of the demo is byte for byte the same', async () => {
    for (const basePath of ['/', '/esteri/', '/opinioni/', '/tag/russia/', '/autore/lorenzo-bellandi/']) {
      for (const { suffix } of Object.values(formats)) {
        const [a, b] = await Promise.all([
          sqlite.app.inject(basePath + suffix),
          postgres.app.inject(basePath + suffix),
        ]);
        expect(a.statusCode, basePath + suffix).toBe(200);
        expect(b.body, basePath + suffix).toBe(a.body);
      }
    }
  });
});

/** The text a reader shows for HTML without elements, decoding the references feedparser writes. */
function textOfHtml(html: string): string {
  const characters: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };
  return html.replace(/&(lt|gt|quot|amp);/g, (reference) => characters[reference] ?? reference);
}
