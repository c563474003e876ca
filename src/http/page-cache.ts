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
  /** When this copy was rendered (an HTTP date): a cached copy is dropped whenever what it shows changes. */
  lastModified: string;
  /** Headers that depend on the kind of response (its Content-Security-Policy, say). */
  headers: Readonly<Record<string, string>>;
  dependencies: readonly string[];
  /** When the response goes stale by itself (epoch ms); absent: only a content change drops it. */
  expiresAtMs?: number;
  gzip?: Buffer;
  br?: Buffer;
};

/** Rough per-entry bookkeeping cost beyond the bodies (key, dependency sets, object headers). */
const entryOverheadBytes = 512;
const sizeOf = (entry: CachedResponse) =>
  entryOverheadBytes +
  entry.body.length +
  (entry.gzip?.length ?? 0) +
  (entry.br?.length ?? 0) +
  entry.dependencies.length * 64;

export type Encoding = 'br' | 'gzip' | 'identity';

export class PageCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly pagesByKey = new Map<string, Set<string>>();
  private readonly urlOf = new WeakMap<CachedResponse, string>();
  /** Bytes held, bodies and compressed variants included. */
  bytes = 0;
  hits = 0;
  misses = 0;
  /** Bumped by every invalidation, so a render that raced one is not kept. */
  generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(url: string): CachedResponse | undefined {
    let entry = this.entries.get(url);
    if (entry?.expiresAtMs !== undefined && entry.expiresAtMs <= Date.now()) {
      this.delete(url);
      entry = undefined;
    }
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
  describe(response: Omit<CachedResponse, 'etag' | 'lastModified'>): CachedResponse {
    return { ...response, etag: etagOf(response.body), lastModified: new Date().toUTCString() };
  }

  /** Keeps a response rendered since `renderedSince` (a `generation`), unless content changed meanwhile. */
  set(url: string, response: Omit<CachedResponse, 'etag' | 'lastModified'>, renderedSince: number): CachedResponse {
    const entry = this.describe(response);
    if (this.maxEntries === 0 || this.maxBytes === 0 || renderedSince !== this.generation) return entry;
    this.delete(url);
    this.entries.set(url, entry);
    this.urlOf.set(entry, url);
    this.bytes += sizeOf(entry);
    this.evictBeyondLimits();
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
        this.bytes = 0;
        return dropped;
      }
      const pages = this.pagesByKey.get(key);
      if (!pages) continue;
      for (const url of [...pages]) if (this.delete(url)) dropped += 1;
    }
    return dropped;
  }

  /** The body in this encoding, compressing once on first demand (and counting it if the entry is kept). */
  encode(entry: CachedResponse, encoding: Encoding): { body: Buffer; encoding: Encoding } {
    if (encoding === 'identity' || entry.body.length < minimumCompressibleBytes)
      return { body: entry.body, encoding: 'identity' };
    const existing = encoding === 'br' ? entry.br : entry.gzip;
    if (existing) return { body: existing, encoding };
    const body = exactCopy(encoding === 'br' ? compressBrotli(entry.body) : gzipSync(entry.body, { level: 6 }));
    if (encoding === 'br') entry.br = body;
    else entry.gzip = body;
    const url = this.urlOf.get(entry);
    if (url !== undefined && this.entries.get(url) === entry) {
      this.bytes += body.length;
      this.evictBeyondLimits(url);
    }
    return { body, encoding };
  }

  /** Drops the least recently used pages until both limits hold (never `keep`, the page being served). */
  private evictBeyondLimits(keep?: string): void {
    for (const url of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      if (url !== keep) this.delete(url);
    }
  }

  private delete(url: string): boolean {
    const entry = this.entries.get(url);
    if (!entry) return false;
    this.entries.delete(url);
    this.bytes -= sizeOf(entry);
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

const minimumCompressibleBytes = 512;

function compressBrotli(body: Buffer): Buffer {
  return brotliCompressSync(body, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 6,
      // A 256 KiB window covers any page; the default 4 MiB one only costs memory per compression.
      [zlibConstants.BROTLI_PARAM_LGWIN]: 18,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/** zlib returns a view of a 16 KiB chunk; a cached 3 kB body must not keep the whole chunk alive. */
function exactCopy(view: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(view.length);
  view.copy(copy);
  return copy;
}
