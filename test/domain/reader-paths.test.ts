import { describe, expect, test } from 'vitest';
import {
  authorPath,
  feedFormats,
  feedPath,
  newsSitemapPath,
  pagedPath,
  parseSitemapFileName,
  reservedSlugs,
  robotsPath,
  searchPath,
  searchUrl,
  sitemapFilePath,
  sitemapFileRoute,
  sitemapIndexPath,
  tagPath,
  type SitemapFileName,
} from '../../src/domain/reader-paths.ts';

const firstSegment = (path: string) => path.split(/[/?]/)[1] ?? '';

describe('the reader URL scheme', () => {
  test('every first path segment the site uses for itself is reserved from sections and articles', () => {
    const ownPaths = [
      tagPath('x'),
      authorPath('x'),
      searchPath,
      searchUrl({ q: 'x' }),
      feedPath('/', 'rss'),
      feedPath('/', 'atom'),
      sitemapFileRoute,
    ];
    for (const path of ownPaths) expect(reservedSlugs.has(firstSegment(path)), path).toBe(true);
    // Files at the root have a dot in their name, which no slug can have.
    for (const path of [feedPath('/', 'json'), sitemapIndexPath, newsSitemapPath, robotsPath])
      expect(firstSegment(path)).toContain('.');
  });

  test('feeds sit under the path of what they follow, route patterns included', () => {
    expect(feedFormats.map((format) => feedPath('/esteri/', format))).toEqual([
      '/esteri/feed/',
      '/esteri/feed/atom/',
      '/esteri/feed.json',
    ]);
    expect(feedPath(tagPath(':slug'), 'rss')).toBe('/tag/:slug/feed/');
  });

  test('search and listing URLs carry their page and filters in the query, page 1 left out', () => {
    expect(searchUrl({ q: 'tregua', sezione: '', tipo: 'analisi' }, 2)).toBe('/cerca?q=tregua&tipo=analisi&pagina=2');
    expect(searchUrl({}, 1)).toBe('/cerca');
    expect(pagedPath('/esteri/', 3)).toBe('/esteri/?pagina=3');
    expect(pagedPath('/esteri/', 1)).toBe('/esteri/');
  });

  test('a sitemap file path reads back as the file it names, and other names as none', () => {
    const files: SitemapFileName[] = [
      { kind: 'articles', month: '2026-11', part: undefined },
      { kind: 'articles', month: '2026-11', part: 2 },
      { kind: 'tags', part: undefined },
      { kind: 'authors', part: 3 },
      { kind: 'pages', part: undefined },
    ];
    for (const file of files) {
      const path = sitemapFilePath(file);
      expect(path.startsWith('/sitemaps/')).toBe(true);
      expect(parseSitemapFileName(path.slice('/sitemaps/'.length))).toEqual(file);
    }
    for (const name of ['articles-2026-1.xml', 'tags-0.xml', 'altro.xml', 'pages.json'])
      expect(parseSitemapFileName(name)).toBeUndefined();
  });
});
