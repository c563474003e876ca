// The reader site's URL scheme, in one place: pages, search, feeds, sitemaps and robots.txt, shared by the
// site, the Content API, the sitemap service and the CLI. Each function works on route patterns too
// (`tagPath(':slug')` is `/tag/:slug/`).
import type { ArticleType } from './article.ts';
import { publicationPageSlugs } from './publication-page.ts';

// First path segments of the site's own pages; reservedSlugs keeps sections and articles off them.
const tagSegment = 'tag';
const authorSegment = 'autore';
const searchSegment = 'cerca';
const feedSegment = 'feed';
const sitemapsSegment = 'sitemaps';

export const homePath = '/';
export const articlePath = (sectionSlug: string, slug: string) => `/${sectionSlug}/${slug}/`;
export const sectionPath = (slug: string) => `/${slug}/`;
/** Where every tag's path starts: feeds name it as their categories' scheme. */
export const tagPathPrefix = `/${tagSegment}/`;
export const tagPath = (slug: string) => `${tagPathPrefix}${slug}/`;
export const authorPath = (slug: string) => `/${authorSegment}/${slug}/`;
export const publicationPagePath = (slug: string) => `/${slug}/`;
export const pageParameter = 'pagina';

/** `/esteri/` + page 3 → `/esteri/?pagina=3`; page 1 is the bare path. */
export function pagedPath(path: string, page: number): string {
  return page <= 1 ? path : `${path}?${pageParameter}=${page}`;
}

// Search: `/cerca?q=…&sezione=…&tipo=…&autore=…&dal=…&al=…&pagina=N`, in Italian like the rest of the site.
export const searchPath = `/${searchSegment}`;

/** The search page's filters, as they appear in its URL. */
export type SearchParameters = { q: string; sezione: string; tipo: string; autore: string; dal: string; al: string };

export const typeParameterOf: Readonly<Record<ArticleType, string>> = {
  news: 'notizia',
  opinion: 'opinione',
  analysis: 'analisi',
};

/** The URL of a search with these parameters at `page`; empty parameters are left out. */
export function searchUrl(parameters: Partial<SearchParameters>, page = 1): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value) query.set(name, value);
  if (page > 1) query.set(pageParameter, String(page));
  const text = query.toString();
  return text ? `${searchPath}?${text}` : searchPath;
}

// Feeds live under the path of what they follow, in three formats. `/` → `/feed/`, `/feed/atom/`, `/feed.json`;
// `/esteri/` → `/esteri/feed/`, `/esteri/feed/atom/`, `/esteri/feed.json`; likewise tags and authors.
export const feedFormats = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof feedFormats)[number];

const feedSuffixes: Record<FeedFormat, string> = {
  rss: `${feedSegment}/`,
  atom: `${feedSegment}/atom/`,
  json: `${feedSegment}.json`,
};

/** The feed of the listing at `basePath` (which ends with `/`). */
export function feedPath(basePath: string, format: FeedFormat): string {
  return basePath + feedSuffixes[format];
}

/** Media types, as `<link rel="alternate" type>` announces each feed. */
export const feedMediaTypes: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

// Discovery: the sitemap index, the Google News sitemap, robots.txt, and one path per sitemap file
// (`/sitemaps/articles-2026-11.xml`, `/sitemaps/articles-2026-11-2.xml` for a split month, `/sitemaps/tags.xml`,
// `/sitemaps/pages.xml` for the publication's own pages).
export const sitemapIndexPath = '/sitemap.xml';
export const newsSitemapPath = '/sitemap-news.xml';
export const robotsPath = '/robots.txt';
export const sitemapFileRoute = `/${sitemapsSegment}/:file`;

export type SitemapTaxonomyKind = 'sections' | 'tags' | 'authors';

/** One file of the sitemap; `part` is set only when its URLs do not fit in one file. */
export type SitemapFileName =
  | { kind: 'articles'; month: string; part?: number | undefined }
  | { kind: SitemapTaxonomyKind; part?: number | undefined }
  | { kind: 'pages'; part?: number | undefined };

export function sitemapFilePath(file: SitemapFileName): string {
  const suffix = file.part === undefined ? '' : `-${file.part}`;
  const name = file.kind === 'articles' ? `articles-${file.month}` : file.kind;
  return `/${sitemapsSegment}/${name}${suffix}.xml`;
}

/** The file a `/sitemaps/<name>` names, or undefined for any other name. */
export function parseSitemapFileName(name: string): SitemapFileName | undefined {
  const articles = /^articles-(\d{4}-\d{2})(?:-([1-9]\d{0,5}))?\.xml$/.exec(name);
  if (articles?.[1]) return { kind: 'articles', month: articles[1], part: toPart(articles[2]) };
  const taxonomy = /^(sections|tags|authors)(?:-([1-9]\d{0,5}))?\.xml$/.exec(name);
  if (taxonomy?.[1]) return { kind: taxonomy[1] as SitemapTaxonomyKind, part: toPart(taxonomy[2]) };
  const pages = /^pages(?:-([1-9]\d{0,5}))?\.xml$/.exec(name);
  if (pages) return { kind: 'pages', part: toPart(pages[1]) };
  return undefined;
}

const toPart = (digits: string | undefined) => (digits === undefined ? undefined : Number(digits));

/** First path segments and article slugs the site itself uses: no section or article may take them. */
export const reservedSlugs: ReadonlySet<string> = new Set([
  tagSegment,
  authorSegment,
  searchSegment,
  feedSegment,
  sitemapsSegment,
  // Served beside the reader site: the Content API, assets, media, operations, and sections yet to come.
  'api',
  'assets',
  'healthz',
  'media',
  'metrics',
  'newsletter',
  'sostienici',
  ...Object.values(publicationPageSlugs),
]);
