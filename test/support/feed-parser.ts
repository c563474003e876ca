// Feeds as real clients read them: RSS and Atom through Debian's python3-feedparser (the parser behind many
// feed readers), JSON Feed against the required fields and types of its 1.1 specification.
import { spawnSync } from 'node:child_process';

export type ParsedEntry = {
  id: string | null;
  title: string | null;
  link: string | null;
  published: string | null;
  updated: string | null;
  authors: { name: string | null; href: string | null }[];
  tags: { term: string | null; scheme: string | null }[];
  enclosures: { href: string | null; type: string | null; length: string | null }[];
  summary: string | null;
  content: string[];
};

export type ParsedFeed = {
  bozo: boolean;
  bozoException: string | null;
  version: string;
  feed: {
    title: string | null;
    link: string | null;
    id: string | null;
    language: string | null;
    updated: string | null;
    selfLink: string | null;
    /** RSS's channel description, Atom's subtitle. */
    subtitle: string | null;
  };
  entries: ParsedEntry[];
};

// Reads the feed from stdin; dates come back as UTC ISO strings from feedparser's own parsing.
const script = `
import calendar, datetime, json, sys, feedparser

def iso(parsed):
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')

result = feedparser.parse(sys.stdin.buffer.read(), response_headers={'content-type': sys.argv[1]})
feed = result.feed
self_links = [l.get('href') for l in feed.get('links', []) if l.get('rel') == 'self']
print(json.dumps({
    'bozo': bool(result.bozo),
    'bozoException': str(result.get('bozo_exception')) if result.bozo else None,
    'version': result.version,
    'feed': {
        'title': feed.get('title'), 'link': feed.get('link'), 'id': feed.get('id'), 'language': feed.get('language'),
        'updated': iso(feed.get('updated_parsed')), 'selfLink': self_links[0] if self_links else None,
        'subtitle': feed.get('subtitle'),
    },
    'entries': [{
        'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link'),
        'published': iso(e.get('published_parsed')), 'updated': iso(e.get('updated_parsed')),
        'authors': [{'name': a.get('name'), 'href': a.get('href')} for a in e.get('authors', [])],
        'tags': [{'term': t.get('term'), 'scheme': t.get('scheme')} for t in e.get('tags', [])],
        'enclosures': [{'href': x.get('href'), 'type': x.get('type'), 'length': x.get('length')} for x in e.get('enclosures', [])],
        'summary': e.get('summary'),
        'content': [c.get('value') for c in e.get('content', [])],
    } for e in result.entries],
}))
`;

let python: string | undefined;

/** Debian's feedparser lives in /usr/bin/python3's dist-packages; another python3 first on PATH may lack it. */
function findPython(): string {
  if (python) return python;
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import feedparser']).status === 0) return (python = candidate);
  }
  throw new Error('python3-feedparser is missing: apt-get install -y python3-feedparser');
}

export function parseFeed(body: string, contentType: string): ParsedFeed {
  const run = spawnSync(findPython(), ['-c', script, contentType], {
    input: body,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`feedparser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ParsedFeed;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What a JSON Feed 1.1 document gets wrong, one line per problem; empty when it is valid. */
export function jsonFeedProblems(document: unknown): string[] {
  const problems: string[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const optionalString = (object: Record<string, unknown>, key: string, where: string) => {
    if (key in object && typeof object[key] !== 'string') problems.push(`${where}.${key} must be a string`);
  };
  const checkAuthors = (value: unknown, where: string) => {
    if (value === undefined) return;
    if (!Array.isArray(value)) return problems.push(`${where}.authors must be an array`);
    value.forEach((author: unknown, i) => {
      if (!isObject(author) || !['name', 'url', 'avatar'].some((key) => typeof author[key] === 'string')) {
        problems.push(`${where}.authors[${i}] must have a name, url or avatar`);
      }
    });
  };
  if (!isObject(document)) return ['the document must be an object'];
  if (document.version !== 'https://jsonfeed.org/version/1.1')
    problems.push('version must be https://jsonfeed.org/version/1.1');
  if (typeof document.title !== 'string' || document.title === '') problems.push('title is required');
  for (const key of ['home_page_url', 'feed_url', 'description', 'icon', 'favicon', 'language'])
    optionalString(document, key, 'feed');
  checkAuthors(document.authors, 'feed');
  if (!Array.isArray(document.items)) return [...problems, 'items is required and must be an array'];
  document.items.forEach((item: unknown, i) => {
    const where = `items[${i}]`;
    if (!isObject(item)) {
      problems.push(`${where} must be an object`);
      return;
    }
    if (typeof item.id !== 'string' || item.id === '') problems.push(`${where}.id is required`);
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string')
      problems.push(`${where} needs content_html or content_text`);
    for (const key of [
      'url',
      'external_url',
      'title',
      'content_html',
      'content_text',
      'summary',
      'image',
      'banner_image',
      'language',
    ]) {
      optionalString(item, key, where);
    }
    for (const key of ['date_published', 'date_modified']) {
      if (key in item && (typeof item[key] !== 'string' || !rfc3339.test(item[key] as string)))
        problems.push(`${where}.${key} must be RFC 3339`);
    }
    if ('tags' in item && (!Array.isArray(item.tags) || item.tags.some((tag) => typeof tag !== 'string')))
      problems.push(`${where}.tags must be strings`);
    checkAuthors(item.authors, where);
  });
  return problems;
}
