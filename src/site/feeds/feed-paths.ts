// Where feeds live: under the path of what they follow, in three formats. `/` → `/feed/`, `/feed/atom/`,
// `/feed.json`; `/esteri/` → `/esteri/feed/`, `/esteri/feed/atom/`, `/esteri/feed.json`; likewise tags and authors.

export const feedFormats = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof feedFormats)[number];

const suffixes: Record<FeedFormat, string> = { rss: 'feed/', atom: 'feed/atom/', json: 'feed.json' };

/** The feed of the listing at `basePath` (which ends with `/`); works on route patterns too (`/tag/:slug/`). */
export function feedPath(basePath: string, format: FeedFormat): string {
  return basePath + suffixes[format];
}

/** Media types, as `<link rel="alternate" type>` announces them. */
export const feedMediaTypes: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

export const feedFormatNames: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };
