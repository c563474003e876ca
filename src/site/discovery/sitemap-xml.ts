// Sitemap documents (sitemaps.org protocol 0.9, and Google's news extension) as XML text.
import { escapeXml } from '../xml-escaping.ts';

export const sitemapNamespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const newsSitemapNamespace = 'http://www.google.com/schemas/sitemap-news/0.9';
export const xmlContentType = 'application/xml; charset=utf-8';

export type SitemapEntry = { loc: string; lastModifiedAt: string };
export type NewsSitemapEntry = { loc: string; title: string; publishedAt: string };
export type NewsPublication = { name: string; language: string };

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function sitemapIndexXml(sitemaps: SitemapEntry[]): string {
  const entries = sitemaps.map(
    (s) => `<sitemap><loc>${escapeXml(s.loc)}</loc><lastmod>${escapeXml(s.lastModifiedAt)}</lastmod></sitemap>\n`,
  );
  return `${declaration}<sitemapindex xmlns="${sitemapNamespace}">\n${entries.join('')}</sitemapindex>\n`;
}

export function urlSetXml(urls: SitemapEntry[]): string {
  const entries = urls.map(
    (u) => `<url><loc>${escapeXml(u.loc)}</loc><lastmod>${escapeXml(u.lastModifiedAt)}</lastmod></url>\n`,
  );
  return `${declaration}<urlset xmlns="${sitemapNamespace}">\n${entries.join('')}</urlset>\n`;
}

export function newsUrlSetXml(publication: NewsPublication, urls: NewsSitemapEntry[]): string {
  const source =
    `<news:publication><news:name>${escapeXml(publication.name)}</news:name>` +
    `<news:language>${escapeXml(publication.language)}</news:language></news:publication>`;
  const entries = urls.map(
    (u) =>
      `<url><loc>${escapeXml(u.loc)}</loc><news:news>${source}` +
      `<news:publication_date>${escapeXml(u.publishedAt)}</news:publication_date>` +
      `<news:title>${escapeXml(u.title)}</news:title></news:news></url>\n`,
  );
  return `${declaration}<urlset xmlns="${sitemapNamespace}" xmlns:news="${newsSitemapNamespace}">\n${entries.join('')}</urlset>\n`;
}
