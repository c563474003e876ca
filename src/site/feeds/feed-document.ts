// A feed as all three formats need it: titles, absolute URLs (featured images and links inside bodies
// included), dates, bylines and categories. The format builders only serialise it.
import {
  articlePath,
  authorPath,
  feedFormats,
  feedPath,
  homePath,
  sectionPath,
  tagPath,
  tagPathPrefix,
  type FeedFormat,
} from '../../domain/reader-paths.ts';
import type { Feed, FeedArticle } from '../../services/feed-service.ts';
import { messagesFor } from '../i18n/messages.ts';

export type FeedLink = { name: string; url: string };
export type FeedCategory = { name: string; url: string; scheme: string };

export type FeedItem = {
  url: string;
  title: string;
  summary: string;
  /** The body with absolute URLs; null when the publication's feeds carry summaries only. */
  contentHtml: string | null;
  publishedAt: string;
  /** When the article last changed in a way worth telling: its update date, or its publication. */
  updatedAt: string;
  authors: FeedLink[];
  /** The section first, then the tags. */
  categories: FeedCategory[];
  image: { url: string; mediaType: string; alt: string } | null;
};

export type FeedDocument = {
  title: string;
  description: string;
  language: string;
  /** The HTML page the feed follows. */
  homeUrl: string;
  selfUrls: Record<FeedFormat, string>;
  publication: FeedLink;
  logoUrl: string | null;
  /** The newest item date, or the publication's when there is none: the same on every render of the same content. */
  updatedAt: string;
  items: FeedItem[];
};

export function buildFeedDocument(feed: Feed, publicUrl: string): FeedDocument {
  const { publication, subject } = feed;
  const absolute = (path: string) => publicUrl + path;
  const messages = messagesFor(publication.locale);
  const scope =
    subject.kind === 'section'
      ? {
          path: sectionPath(subject.section.slug),
          title: subject.section.name,
          description: subject.section.description,
        }
      : subject.kind === 'tag'
        ? { path: tagPath(subject.tag.slug), title: messages.tagTitle(subject.tag.name), description: '' }
        : subject.kind === 'author'
          ? { path: authorPath(subject.author.slug), title: subject.author.name, description: subject.author.bio }
          : { path: homePath, title: '', description: '' };
  const items = feed.articles.map((article) => buildFeedItem(article, feed.isFullText, absolute));
  const newest = latest(items.map((item) => item.updatedAt));
  return {
    title: scope.title ? `${publication.name} – ${scope.title}` : publication.name,
    description: scope.description || publication.description || publication.tagline || publication.name,
    language: publication.locale,
    homeUrl: absolute(scope.path),
    selfUrls: Object.fromEntries(
      feedFormats.map((format) => [format, absolute(feedPath(scope.path, format))]),
    ) as Record<FeedFormat, string>,
    publication: { name: publication.name, url: absolute(homePath) },
    logoUrl: publication.logoSrc && resolveUrl(publication.logoSrc, absolute(homePath)),
    updatedAt: newest ?? toRfc3339(feed.publicationChangedAt ?? '1970-01-01T00:00:00Z'),
    items,
  };
}

function buildFeedItem(article: FeedArticle, isFullText: boolean, absolute: (path: string) => string): FeedItem {
  const url = absolute(articlePath(article.section.slug, article.slug));
  const publishedAt = toRfc3339(article.publishedAt);
  return {
    url,
    title: article.title,
    summary: article.standfirst,
    contentHtml: isFullText ? withAbsoluteUrls(article.bodyHtml, url) : null,
    publishedAt,
    updatedAt: latest([publishedAt, article.updatedAt ? toRfc3339(article.updatedAt) : publishedAt]) ?? publishedAt,
    authors: article.authors.map((author) => ({ name: author.name, url: absolute(authorPath(author.slug)) })),
    categories: [
      { name: article.section.name, url: absolute(sectionPath(article.section.slug)), scheme: absolute(homePath) },
      ...article.tags.map((tag) => ({
        name: tag.name,
        url: absolute(tagPath(tag.slug)),
        scheme: absolute(tagPathPrefix),
      })),
    ],
    image: article.image && {
      url: resolveUrl(article.image.src, url),
      mediaType: imageMediaType(article.image.src),
      alt: article.image.alt,
    },
  };
}

function latest(instants: string[]): string | undefined {
  return instants.reduce<string | undefined>(
    (best, instant) => (best === undefined || Date.parse(instant) > Date.parse(best) ? instant : best),
    undefined,
  );
}

/** UTC with `Z` (milliseconds only when there are some): the form RFC 3339 and JSON Feed readers all accept. */
export function toRfc3339(isoInstant: string): string {
  return new Date(isoInstant).toISOString().replace(/\.000Z$/, 'Z');
}

/** RFC 822 as RSS wants it, in GMT with a four-digit year: `Fri, 02 Oct 2026 07:45:00 GMT`. */
export function toRfc822(isoInstant: string): string {
  return new Date(isoInstant).toUTCString();
}

/** Feed readers show a body away from the site, so every link and image in it must be absolute. */
export function withAbsoluteUrls(html: string, baseUrl: string): string {
  // The sanitiser writes every attribute double-quoted, with `"` escaped inside values.
  return html.replace(
    /(\s(?:href|src)=")([^"]*)"/g,
    (_match, prefix: string, value: string) => `${prefix}${resolveUrl(value, baseUrl)}"`,
  );
}

function resolveUrl(value: string, baseUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  try {
    return new URL(value, baseUrl).href;
  } catch {
    return value;
  }
}

const imageMediaTypes: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

export function imageMediaType(src: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(src)?.[1]?.toLowerCase() ?? '';
  return imageMediaTypes[extension] ?? 'application/octet-stream';
}
