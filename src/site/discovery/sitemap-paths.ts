// The URLs of the sitemaps: the index, the Google News sitemap, and one path per sitemap file
// (`/sitemaps/articles-2026-11.xml`, `/sitemaps/articles-2026-11-2.xml` for a split month, `/sitemaps/tags.xml`,
// `/sitemaps/pages.xml` for the publication's own pages).
import type { SitemapFile, TaxonomyKind } from '../../services/sitemap-service.ts';

export const sitemapIndexPath = '/sitemap.xml';
export const newsSitemapPath = '/sitemap-news.xml';
export const robotsPath = '/robots.txt';
export const sitemapFileRoute = '/sitemaps/:file';

export type SitemapFileName =
  | { kind: 'articles'; month: string; part: number | undefined }
  | { kind: TaxonomyKind; part: number | undefined }
  | { kind: 'pages'; part: number | undefined };

export function sitemapFilePath(file: SitemapFile): string {
  const suffix = file.part === undefined ? '' : `-${file.part}`;
  return file.kind === 'articles' ? `/sitemaps/articles-${file.month}${suffix}.xml` : `/sitemaps/${file.kind}${suffix}.xml`;
}

/** The file a `/sitemaps/<name>` names, or undefined for any other name. */
export function parseSitemapFileName(name: string): SitemapFileName | undefined {
  const articles = /^articles-(\d{4}-\d{2})(?:-([1-9]\d{0,5}))?\.xml$/.exec(name);
  if (articles?.[1]) return { kind: 'articles', month: articles[1], part: toPart(articles[2]) };
  const taxonomy = /^(sections|tags|authors)(?:-([1-9]\d{0,5}))?\.xml$/.exec(name);
  if (taxonomy?.[1]) return { kind: taxonomy[1] as TaxonomyKind, part: toPart(taxonomy[2]) };
  const pages = /^pages(?:-([1-9]\d{0,5}))?\.xml$/.exec(name);
  if (pages) return { kind: 'pages', part: toPart(pages[1]) };
  return undefined;
}

const toPart = (digits: string | undefined) => (digits === undefined ? undefined : Number(digits));
