// The transport-neutral contract between the reader site (which renders) and http/ (which serves and caches).

export type PageQuery = Record<string, string | string[] | undefined>;
export type PageRequest = { path: string; params: Record<string, string>; query: PageQuery };

export type PageResult =
  | { kind: 'page'; html: string; dependencies: string[]; contentType?: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; reason: string };

export type PageRoute = { path: string; render: (request: PageRequest) => Promise<PageResult> };

export type StaticAsset = { path: string; contentType: string; body: Buffer };

export type ErrorPageRenderer = (status: 400 | 404 | 500 | 503) => Promise<string>;
