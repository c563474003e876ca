// Rendered responses kept in memory, keyed by URL, each remembering the content keys it shows so that
// a change drops exactly the pages that show it. Compressed variants are made once, on first demand.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { everythingKey } from '../domain/content-keys.ts';

export type CachedResponse = {
  status: number;
  contentType: string;
  body: Buffer;
  etag: string;
  cacheControl: string;
  /** Headers that depend on the kind of response (its Content-Security-Policy, say). */
  headers: Readonly<Record<string, string>>;
  dependencies: readonly string[];
  gzip?: Buffer;
  br?: Buffer;
};

export type Encoding = 'br' | 'gzip' | 'identity';

export class PageCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly pagesByKey = new Map<string, Set<string>>();
  hits = 0;
  misses = 0;
  /** Bumped by every invalidation, so a render that raced one is not kept. */
  generation = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(url: string): CachedResponse | undefined {
    const entry = this.entries.get(url);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Re-inserting keeps the Map in least-recently-used order, so eviction takes the coldest page.
    this.entries.delete(url);
    this.entries.set(url, entry);
    return entry;
  }

  /** A response shaped like a cached one, without keeping it. */
  describe(response: Omit<CachedResponse, 'etag'>): CachedResponse {
    return { ...response, etag: etagOf(response.body) };
  }

  /** Keeps a response rendered since `renderedSince` (a `generation`), unless content changed meanwhile. */
  set(url: string, response: Omit<CachedResponse, 'etag'>, renderedSince: number): CachedResponse {
    const entry = this.describe(response);
    if (this.maxEntries === 0 || renderedSince !== this.generation) return entry;
    this.delete(url);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    this.entries.set(url, entry);
    for (const key of entry.dependencies) {
      let pages = this.pagesByKey.get(key);
      if (!pages) this.pagesByKey.set(key, (pages = new Set()));
      pages.add(url);
    }
    return entry;
  }

  /** Drops every page that shows any of these keys; `*` drops them all. */
  invalidate(keys: Iterable<string>): number {
    this.generation += 1;
    let dropped = 0;
    for (const key of keys) {
      if (key === everythingKey) {
        dropped += this.entries.size;
        this.entries.clear();
        this.pagesByKey.clear();
        return dropped;
      }
      const pages = this.pagesByKey.get(key);
      if (!pages) continue;
      for (const url of [...pages]) if (this.delete(url)) dropped += 1;
    }
    return dropped;
  }

  private delete(url: string): boolean {
    const entry = this.entries.get(url);
    if (!entry) return false;
    this.entries.delete(url);
    for (const key of entry.dependencies) {
      const pages = this.pagesByKey.get(key);
      pages?.delete(url);
      if (pages?.size === 0) this.pagesByKey.delete(key);
    }
    return true;
  }
}

export function etagOf(body: Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** The encoding to send, preferring brotli, from an Accept-Encoding header (q=0 means refused). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  let br = false;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    if (refused) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === '*') gzip = true;
  }
  return br ? 'br' : gzip ? 'gzip' : 'identity';
}

const minimumCompressibleBytes = 512;

export function encodedBody(entry: CachedResponse, encoding: Encoding): { body: Buffer; encoding: Encoding } {
  if (encoding === 'identity' || entry.body.length < minimumCompressibleBytes) return { body: entry.body, encoding: 'identity' };
  if (encoding === 'br') {
    entry.br ??= brotliCompressSync(entry.body, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: entry.body.length },
    });
    return { body: entry.br, encoding };
  }
  entry.gzip ??= gzipSync(entry.body, { level: 6 });
  return { body: entry.gzip, encoding };
}
