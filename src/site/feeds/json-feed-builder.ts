// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).
import type { FeedDocument } from './feed-document.ts';

export const jsonFeedContentType = 'application/feed+json; charset=utf-8';
export const jsonFeedVersion = 'https://jsonfeed.org/version/1.1';

export function buildJsonFeed(feed: FeedDocument): string {
  const document = {
    version: jsonFeedVersion,
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.selfUrls.json,
    description: feed.description,
    language: feed.language,
    authors: [feed.publication],
    items: feed.items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.title,
      // Every item needs content_html or content_text: summaries-only feeds send the standfirst as text.
      ...(item.contentHtml !== null
        ? { content_html: item.contentHtml }
        : { content_text: item.summary || item.title }),
      ...(item.summary ? { summary: item.summary } : {}),
      ...(item.image ? { image: item.image.url } : {}),
      date_published: item.publishedAt,
      date_modified: item.updatedAt,
      authors: item.authors,
      tags: item.categories.map((category) => category.name),
      language: feed.language,
    })),
  };
  return `${JSON.stringify(document)}\n`;
}
