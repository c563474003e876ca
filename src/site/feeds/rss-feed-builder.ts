// RSS 2.0 with the namespaces readers expect: atom:link rel="self", dc:creator for bylines,
// content:encoded for full text.
import { cdata, xmlElement, xmlEmptyElement } from '../xml-escaping.ts';
import type { FeedDocument, FeedItem } from './feed-document.ts';
import { toRfc822 } from './feed-document.ts';

export const rssContentType = 'application/rss+xml; charset=utf-8';

/** RSS 2.0 allows only GIF, JPEG and PNG as the channel image. */
const channelImageTypes = /\.(gif|jpe?g|png)(?:[?#]|$)/i;

export function buildRssFeed(feed: FeedDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '<channel>',
    xmlElement('title', feed.title),
    xmlElement('link', feed.homeUrl),
    // Read as HTML by readers, like an item's: see rssItem.
    xmlElement('description', escapeHtmlText(feed.description)),
    xmlElement('language', feed.language),
    xmlEmptyElement('atom:link', { href: feed.selfUrls.rss, rel: 'self', type: 'application/rss+xml' }),
    xmlElement('lastBuildDate', toRfc822(feed.updatedAt)),
    xmlElement('generator', 'Testata'),
  ];
  if (feed.logoUrl && channelImageTypes.test(feed.logoUrl)) {
    lines.push(
      `<image>${xmlElement('url', feed.logoUrl)}${xmlElement('title', feed.title)}${xmlElement('link', feed.homeUrl)}</image>`,
    );
  }
  for (const item of feed.items) lines.push(rssItem(item));
  lines.push('</channel>', '</rss>', '');
  return lines.join('\n');
}

function rssItem(item: FeedItem): string {
  const parts = [
    xmlElement('title', item.title),
    xmlElement('link', item.url),
    xmlElement('guid', item.url, { isPermaLink: 'true' }),
    xmlElement('pubDate', toRfc822(item.publishedAt)),
    ...item.authors.map((author) => xmlElement('dc:creator', author.name)),
    ...item.categories.map((category) => xmlElement('category', category.name, { domain: category.scheme })),
    // Readers take an RSS description for HTML: the plain-text standfirst is escaped as HTML first, so that its
    // markup and a literal `<` show as the text they are.
    xmlElement('description', escapeHtmlText(item.summary)),
  ];
  if (item.contentHtml !== null) parts.push(`<content:encoded>${cdata(item.contentHtml)}</content:encoded>`);
  // The file's size is not known here; the RSS Advisory Board's profile says to give 0 then.
  if (item.image)
    parts.push(xmlEmptyElement('enclosure', { url: item.image.url, length: 0, type: item.image.mediaType }));
  return `<item>\n${parts.join('\n')}\n</item>`;
}

function escapeHtmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
