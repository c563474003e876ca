// Atom 1.0 (RFC 4287): ids are the permanent URLs, bodies travel as escaped HTML, images as enclosure links.
import { escapeXml, xmlElement, xmlEmptyElement } from '../xml-escaping.ts';
import type { FeedDocument, FeedItem } from './feed-document.ts';

export const atomContentType = 'application/atom+xml; charset=utf-8';

export function buildAtomFeed(feed: FeedDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    xmlElement('id', feed.selfUrls.atom),
    xmlElement('title', feed.title),
    xmlElement('subtitle', feed.description),
    xmlElement('updated', feed.updatedAt),
    xmlEmptyElement('link', { rel: 'alternate', type: 'text/html', href: feed.homeUrl }),
    xmlEmptyElement('link', { rel: 'self', type: 'application/atom+xml', href: feed.selfUrls.atom }),
    // Atom wants an author on the feed or on every entry; the publication stands in for an unsigned piece.
    `<author>${xmlElement('name', feed.publication.name)}${xmlElement('uri', feed.publication.url)}</author>`,
    xmlElement('generator', 'Testata'),
  ];
  if (feed.logoUrl) lines.push(xmlElement('logo', feed.logoUrl));
  for (const item of feed.items) lines.push(atomEntry(item));
  lines.push('</feed>', '');
  return lines.join('\n');
}

function atomEntry(item: FeedItem): string {
  const parts = [
    xmlElement('id', item.url),
    xmlElement('title', item.title, { type: 'text' }),
    xmlEmptyElement('link', { rel: 'alternate', type: 'text/html', href: item.url }),
    xmlElement('published', item.publishedAt),
    xmlElement('updated', item.updatedAt),
    ...item.authors.map(
      (author) => `<author>${xmlElement('name', author.name)}${xmlElement('uri', author.url)}</author>`,
    ),
    ...item.categories.map((category) => xmlEmptyElement('category', { term: category.name, scheme: category.scheme })),
    xmlElement('summary', item.summary, { type: 'text' }),
  ];
  if (item.contentHtml !== null) parts.push(xmlElement('content', item.contentHtml, { type: 'html' }));
  if (item.image)
    parts.push(
      xmlEmptyElement('link', {
        rel: 'enclosure',
        type: item.image.mediaType,
        href: item.image.url,
        title: item.image.alt || undefined,
      }),
    );
  return `<entry>\n${parts.join('\n')}\n</entry>`;
}
