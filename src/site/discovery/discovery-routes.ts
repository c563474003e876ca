// The routes crawlers read: /robots.txt, the sitemap index, its sitemap files and the Google News sitemap.
// They are page routes like any other, so they are cached and answer conditional requests the same way.
import { publicationKey } from '../../domain/content-keys.ts';
import type { PageResult, PageRoute } from '../../domain/page-result.ts';
import type { Publication } from '../../domain/publication.ts';
import {
  newsSitemapPath,
  parseSitemapFileName,
  robotsPath,
  sitemapFilePath,
  sitemapFileRoute,
  sitemapIndexPath,
} from '../../domain/reader-paths.ts';
import type { SitemapService } from '../../services/sitemap-service.ts';
import { robotsTxt, textContentType } from './robots-txt.ts';
import { newsUrlSetXml, sitemapIndexXml, urlSetXml, xmlContentType } from './sitemap-xml.ts';

export type DiscoveryRouteOptions = {
  sitemaps: SitemapService;
  publicUrl: string;
  loadPublication: () => Promise<Publication>;
};

type Page = Extract<PageResult, { kind: 'page' }>;

export function createDiscoveryRoutes({ sitemaps, publicUrl, loadPublication }: DiscoveryRouteOptions): PageRoute[] {
  const absoluteUrl = (path: string) => publicUrl + path;
  const xml = (body: string, dependencies: string[]): Page => ({
    kind: 'page',
    html: body,
    contentType: xmlContentType,
    dependencies,
  });

  return [
    {
      path: robotsPath,
      render: async () => ({
        kind: 'page',
        html: robotsTxt([absoluteUrl(sitemapIndexPath), absoluteUrl(newsSitemapPath)]),
        contentType: textContentType,
        dependencies: [],
      }),
    },
    {
      path: sitemapIndexPath,
      render: async () => {
        const index = await sitemaps.getIndex();
        const entries = index.files.map((file) => ({
          loc: absoluteUrl(sitemapFilePath(file)),
          lastModifiedAt: file.lastModifiedAt,
        }));
        return xml(sitemapIndexXml(entries), index.dependencies);
      },
    },
    {
      path: sitemapFileRoute,
      render: async ({ params }) => {
        const name = parseSitemapFileName(params.file ?? '');
        if (!name) return { kind: 'not-found' };
        const sitemap =
          name.kind === 'articles'
            ? await sitemaps.getArticleSitemap(name.month, name.part)
            : name.kind === 'pages'
              ? await sitemaps.getPublicationPageSitemap(name.part)
              : await sitemaps.getTaxonomySitemap(name.kind, name.part);
        if (!sitemap) return { kind: 'not-found' };
        const entries = sitemap.urls.map((url) => ({ loc: absoluteUrl(url.path), lastModifiedAt: url.lastModifiedAt }));
        return xml(urlSetXml(entries), sitemap.dependencies);
      },
    },
    {
      path: newsSitemapPath,
      render: async () => {
        const [news, publication] = await Promise.all([sitemaps.getNewsSitemap(), loadPublication()]);
        const entries = news.urls.map((url) => ({
          loc: absoluteUrl(url.path),
          title: url.title,
          publishedAt: url.publishedAt,
        }));
        // Google News wants an ISO 639 language code: `it` of `it-IT`.
        const language = (publication.locale.split('-')[0] ?? 'it').toLowerCase();
        const page = xml(newsUrlSetXml({ name: publication.name, language }, entries), [
          publicationKey,
          ...news.dependencies,
        ]);
        return news.expiresAt === undefined ? page : { ...page, expiresAt: news.expiresAt };
      },
    },
  ];
}
