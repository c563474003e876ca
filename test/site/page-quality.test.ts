// Every kind of reader page, checked as a reader's browser and the standards see it: valid HTML (Nu checker),
// no axe-core violations in light and dark colour schemes, readable without JavaScript, light on the network.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findAxeViolations,
  formatAxeViolations,
  launchChromium,
  measurePageLoad,
  openPage,
  type PageTraffic,
} from '../support/browser.ts';
import { checkHtmlDocuments, formatHtmlCheckMessages, type HtmlCheckResult } from '../support/html-checker.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

const pageTypes = [
  'home',
  'section',
  'section page 2',
  'news article',
  'opinion article',
  'analysis article',
  'article with corrections',
  'article with every body block',
  'tag',
  'author',
  'search form',
  'search results',
  'search with filters and no results',
  'publication page',
  'not found (404)',
  'bad request (400)',
] as const;
type PageType = (typeof pageTypes)[number];

const articlePageTypes = ['news article', 'opinion article', 'analysis article', 'article with corrections'] as const;
const colourSchemes = ['light', 'dark'] as const;

// Redundant but correct markup: worth a line in the output, not a failure. Anything else the checker
// warns about (empty or skipped headings, sections without headings, a page that reads as another
// language than its lang) is something a reader notices.
const harmlessWarnings = [/^The “type” attribute is unnecessary for/, /^The “[a-z]+” role is unnecessary for element/];

const maxArticleRequests = 4;
const maxArticleTransferredBytes = 50 * 1024;

// The demo's bodies are plain prose; this one holds every block the body renderer makes (docs/markdown.md).
const everyBodyBlockPath = '/esteri/ogni-blocco-del-corpo/';
const everyBodyBlockArticle = articleRecord({
  slug: 'ogni-blocco-del-corpo',
  section: 'esteri',
  standfirst: 'Un sommario con figure, citazioni, incorporamenti e tabelle.',
  published_at: '2021-06-01T08:00:00Z',
  body_markdown: [
    '## Il quadro',
    'Un paragrafo con un [collegamento esterno](https://example.org/rapporto) e uno [interno](/esteri/).',
    '![Delegati nella sala plenaria](/media/articoli/vertice-sul-grano-a-mosca.svg "Il vertice di Mosca | Foto: ANSA")',
    '::: pullquote\n«Non faremo un passo indietro»\n:::',
    '::: embed https://www.youtube.com/watch?v=abc123',
    '| Comune | Voti |\n|:--|--:|\n| Roma | ~~10~~ 12 |',
    '> Una citazione\n> su due righe',
    '- uno\n- due\n  1. primo\n  2. secondo',
    '### Dettagli',
    "Testo con `codice` e un'immagine ![Ritratto](/media/autori/nadia-morelli.svg) nel testo.",
    '```\nlet a = 1 < 2;\n```',
    '---',
    'Fine.',
  ].join('\n\n'),
});

type FetchedPage = { path: string; status: number; html: string; contentSecurityPolicy: string };

let site: TestSite;
let baseUrl: string;
let browser: Browser | undefined;
const pages = new Map<PageType, FetchedPage>();

beforeAll(async () => {
  site = await createTestSite();
  // The demo's sections hold fewer than one page of articles: fill Esteri past page 1.
  const olderArticles = Array.from({ length: 25 }, (_, index) =>
    articleRecord({ section: 'esteri', published_at: `2022-03-${String(1 + index).padStart(2, '0')}T09:30:00Z` }),
  );
  const report = await site.testata.importer.importArticles(toLines([...olderArticles, everyBodyBlockArticle]));
  expect(report.problems).toEqual([]);

  const paths = await findPagePaths();
  for (const type of pageTypes) {
    const path = paths[type];
    const response = await site.app.inject({ method: 'GET', url: path });
    pages.set(type, {
      path,
      status: response.statusCode,
      html: response.body,
      contentSecurityPolicy: String(response.headers['content-security-policy'] ?? ''),
    });
  }
  baseUrl = await site.listen();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

function pageOf(type: PageType): FetchedPage {
  const page = pages.get(type);
  if (!page) throw new Error(`no ${type} page was fetched`);
  return page;
}

describe('reader pages: markup and headers', () => {
  it.each(pageTypes)('serves the %s page with the status its kind calls for', (type) => {
    const expected = type === 'not found (404)' ? 404 : type === 'bad request (400)' ? 400 : 200;
    expect(pageOf(type).status, pageOf(type).path).toBe(expected);
  });

  let validation: Promise<Map<string, HtmlCheckResult>> | undefined;
  const validateAllPages = () =>
    (validation ??= checkHtmlDocuments(new Map(pageTypes.map((type) => [type, pageOf(type).html]))));

  async function validationOf(type: PageType): Promise<HtmlCheckResult> {
    const result = (await validateAllPages()).get(type);
    if (!result) throw new Error(`the checker returned nothing for ${type}`);
    return result;
  }

  // One JVM run checks every page; the first test to ask pays for it.
  it.each(pageTypes)(
    'serves the %s page as valid HTML under the Nu Html Checker',
    async (type) => {
      const { errors } = await validationOf(type);
      const found = errors.map((e) => `line ${e.lastLine ?? '?'}: ${e.message}`);
      expect(found, `${pageOf(type).path}:\n${formatHtmlCheckMessages(errors)}`).toEqual([]);
    },
    60_000,
  );

  it.each(pageTypes)(
    'serves the %s page without meaningful Nu Html Checker warnings',
    async (type) => {
      const { warnings } = await validationOf(type);
      if (warnings.length > 0) {
        console.warn(
          `Nu Html Checker warnings on the ${type} page (${pageOf(type).path}):\n${formatHtmlCheckMessages(warnings)}`,
        );
      }
      const meaningful = warnings.filter((w) => !harmlessWarnings.some((pattern) => pattern.test(w.message)));
      const found = meaningful.map((w) => `line ${w.lastLine ?? '?'}: ${w.message}`);
      expect(found, `${pageOf(type).path}:\n${formatHtmlCheckMessages(meaningful)}`).toEqual([]);
    },
    60_000,
  );

  it.each(pageTypes)('declares the %s page Italian with <html lang="it">', (type) => {
    const htmlTags = pageOf(type).html.match(/<html\b[^>]*>/gi) ?? [];
    expect(htmlTags).toHaveLength(1);
    expect(htmlTags[0]).toMatch(/\slang="it"[\s>]/);
  });

  it.each(pageTypes)(
    "runs no script on the %s page: CSP script-src 'none' and no <script> element but JSON-LD data",
    (type) => {
      const page = pageOf(type);
      expect(page.contentSecurityPolicy.split(';').map((directive) => directive.trim())).toContain("script-src 'none'");
      // A JSON-LD block is data, never executed; its JSON escapes every `<`, so `[^<]*` spans all of it.
      const withoutStructuredData = page.html.replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, '');
      expect(withoutStructuredData).not.toMatch(/<script\b/i);
    },
  );
});

describe('reader pages in Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });

  function chromiumBrowser(): Browser {
    if (!browser) throw new Error('Chromium did not start');
    return browser;
  }

  const audits = pageTypes.flatMap((type) => colourSchemes.map((scheme) => [type, scheme] as const));
  it.each(audits)('shows the %s page with no axe-core violations in the %s colour scheme', async (type, scheme) => {
    const { path, status } = pageOf(type);
    const { context, page } = await openPage(chromiumBrowser(), baseUrl + path, {
      colorScheme: scheme,
      bypassCSP: true,
      expectedStatus: status,
    });
    try {
      const violations = await findAxeViolations(page);
      const found = violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
      expect(found, `${path} (${scheme}):\n${formatAxeViolations(violations)}`).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(articlePageTypes)(
    'shows the %s with JavaScript disabled: headline, standfirst, byline and body paragraphs visible',
    async (type) => {
      const { path } = pageOf(type);
      const { context, page } = await openPage(chromiumBrowser(), baseUrl + path, { javaScriptEnabled: false });
      try {
        for (const selector of ['h1.article-title', '.article-standfirst', '.article-header .byline']) {
          const element = page.locator(selector);
          expect.soft(await element.count(), `${selector} on ${path}`).toBe(1);
          expect.soft(await element.first().isVisible(), `${selector} visible on ${path}`).toBe(true);
          const box = await element.first().boundingBox();
          expect.soft(box && box.width > 0 && box.height > 0, `${selector} has an area on ${path}`).toBe(true);
        }
        const paragraphs = page.locator('.article-body p');
        const count = await paragraphs.count();
        expect(count, `body paragraphs on ${path}`).toBeGreaterThanOrEqual(2);
        let visibleText = '';
        for (let index = 0; index < count; index++) {
          const paragraph = paragraphs.nth(index);
          // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered, which textContent is not
          if (await paragraph.isVisible()) visibleText += `${await paragraph.innerText()}\n`;
        }
        expect(visibleText.trim().length, `visible body text on ${path}`).toBeGreaterThan(500);
      } finally {
        await context.close();
      }
    },
  );

  it.each(articlePageTypes)(
    `loads the %s in at most ${maxArticleRequests} requests and under ${maxArticleTransferredBytes / 1024} KB transferred`,
    async (type) => {
      const { path } = pageOf(type);
      const traffic = await measurePageLoad(chromiumBrowser(), baseUrl + path);
      const summary = `${path}:\n${formatTraffic(traffic)}`;
      expect(traffic.requests.length, summary).toBeLessThanOrEqual(maxArticleRequests);
      expect(traffic.transferredBytes, summary).toBeLessThan(maxArticleTransferredBytes);
    },
  );
});

function formatTraffic(traffic: PageTraffic): string {
  const lines = traffic.requests.map((r) => `  ${String(r.transferredBytes).padStart(7)} B  ${r.url}`);
  return [...lines, `  ${String(traffic.transferredBytes).padStart(7)} B  in ${traffic.requests.length} requests`].join(
    '\n',
  );
}

/** The path of one page of each kind, looked up through the Content API rather than assumed. */
async function findPagePaths(): Promise<Record<PageType, string>> {
  const articlePathOfType = async (type: 'news' | 'opinion' | 'analysis') => {
    const [article] = await listArticles(`type=${type}&limit=1`);
    if (!article) throw new Error(`the demo has no ${type} article`);
    return new URL(article.url).pathname;
  };
  return {
    home: '/',
    section: '/esteri/',
    'section page 2': '/esteri/?pagina=2',
    'news article': '/esteri/vertice-sul-grano-a-mosca/',
    'opinion article': await articlePathOfType('opinion'),
    'analysis article': await articlePathOfType('analysis'),
    'article with corrections': await findArticleWithCorrections(),
    'article with every body block': everyBodyBlockPath,
    tag: '/tag/russia/',
    author: '/autore/lorenzo-bellandi/',
    'search form': '/cerca',
    'search results': '/cerca?q=grano+Mosca',
    'search with filters and no results':
      '/cerca?q=%22grano+estivo+marziano%22&sezione=esteri&tipo=analisi&dal=2020-01-01&al=nodate',
    // The masthead has the most varied body of the demo's own pages: lists, links and a table.
    'publication page': '/redazione/',
    'not found (404)': '/nope/missing/',
    'bad request (400)': '/esteri/?pagina=abc',
  };
}

async function listArticles(query: string): Promise<{ url: string; type: string }[]> {
  const response = await site.app.inject({ method: 'GET', url: `/api/v1/articles?${query}` });
  expect(response.statusCode).toBe(200);
  return (response.json() as { articles: { url: string; type: string }[] }).articles;
}

// The Content API does not expose corrections, so look at the pages themselves.
async function findArticleWithCorrections(): Promise<string> {
  for (const article of await listArticles('limit=100')) {
    const path = new URL(article.url).pathname;
    const response = await site.app.inject({ method: 'GET', url: path });
    if (response.body.includes('class="article-corrections"')) return path;
  }
  throw new Error('no article of the demo shows corrections');
}
