// The feed routes: RSS 2.0, Atom and JSON Feed for the whole site and for each section, tag and author,
// served through the page cache like pages (so they get ETags and 304s, and drop when their content changes).
import type { PageResult, PageRoute } from '../../domain/page-result.ts';
import {
  authorPath,
  feedFormats,
  feedPath,
  homePath,
  sectionPath,
  tagPath,
  type FeedFormat,
} from '../../domain/reader-paths.ts';
import { isSlug } from '../../domain/slug.ts';
import type { FeedScope, FeedService } from '../../services/feed-service.ts';
import { atomContentType, buildAtomFeed } from './atom-feed-builder.ts';
import { buildFeedDocument, type FeedDocument } from './feed-document.ts';
import { buildJsonFeed, jsonFeedContentType } from './json-feed-builder.ts';
import { buildRssFeed, rssContentType } from './rss-feed-builder.ts';

const builders: Record<FeedFormat, { build: (feed: FeedDocument) => string; contentType: string }> = {
  rss: { build: buildRssFeed, contentType: rssContentType },
  atom: { build: buildAtomFeed, contentType: atomContentType },
  json: { build: buildJsonFeed, contentType: jsonFeedContentType },
};

const scopes: { basePath: string; scopeOf: (slug: string) => FeedScope }[] = [
  { basePath: homePath, scopeOf: () => ({ kind: 'site' }) },
  { basePath: sectionPath(':slug'), scopeOf: (slug) => ({ kind: 'section', slug }) },
  { basePath: tagPath(':slug'), scopeOf: (slug) => ({ kind: 'tag', slug }) },
  { basePath: authorPath(':slug'), scopeOf: (slug) => ({ kind: 'author', slug }) },
];

export function createFeedRoutes(options: { feeds: FeedService; publicUrl: string }): PageRoute[] {
  const { feeds, publicUrl } = options;
  return scopes.flatMap(({ basePath, scopeOf }) =>
    feedFormats.map((format) => ({
      path: feedPath(basePath, format),
      render: async ({ params }): Promise<PageResult> => {
        const slug = params.slug ?? '';
        if (basePath !== homePath && !isSlug(slug)) return { kind: 'not-found' };
        const feed = await feeds.getFeed(scopeOf(slug));
        if (!feed) return { kind: 'not-found' };
        const { build, contentType } = builders[format];
        return {
          kind: 'page',
          html: build(buildFeedDocument(feed, publicUrl)),
          contentType,
          dependencies: feed.dependencies,
        };
      },
    })),
  );
}
