// The transport-neutral contract between the reader site (which renders) and http/ (which serves and caches).

export type PageQuery = Record<string, string | string[] | undefined>;
export type PageRequest = { path: string; params: Record<string, string>; query: PageQuery };

export type PageResult =
  | {
      kind: 'page';
      html: string;
      dependencies: string[];
      contentType?: string;
      /** UTC ISO-8601 instant when the page goes stale with no content change (a time window moved on). */
      expiresAt?: string;
      /** Search engines must not index it (a `noindex` article), whatever they read of the HTML. */
      isNoindex?: boolean;
    }
  | {
      kind: 'redirect';
      location: string;
      /** A redirect that holds only for now (a search page past the end of today's results); permanent unless said. */
      isTemporary?: boolean;
    }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; reason: string };

/**
 * What of its query a page depends on, so what keys its cached copy: `none` (it reads no query, so every query
 * shares the bare path's copy and junk such as `?utm_source=…` or `?pagina=…` cannot fill the cache), `page`
 * (only `?pagina`), `whole` (it reads or refuses any query: cached only without one).
 */
export type PageQueryUse = 'none' | 'page' | 'whole';

export type PageRoute = {
  path: string;
  render: (request: PageRequest) => Promise<PageResult>;
  /** `none` unless said. */
  queryUse?: PageQueryUse;
};

export type StaticAsset = { path: string; contentType: string; body: Buffer };

export type ErrorPageRenderer = (status: 400 | 404 | 500 | 503) => Promise<string>;
