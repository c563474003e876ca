// Serves the reader site's routes through the page cache: a hit never reaches the renderer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageQuery, PageQueryUse, PageResult, PageRoute } from '../domain/page-result.ts';
import { pageParameter } from '../domain/reader-paths.ts';
import { sendCachedResponse } from './cached-response-sender.ts';
import type { PageCache } from './page-cache.ts';
import { pageCacheControl, readerContentSecurityPolicy } from './security-headers.ts';

export type PageRouteOptions = {
  cache: PageCache;
  routes: PageRoute[];
  sendNotFound: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  sendBadRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  /** Whether responses say `x-cache: HIT|MISS`: only when debugging, since it tells anyone what was read lately. */
  exposeCacheStatus: boolean;
};

const pageHeaders = { 'content-security-policy': readerContentSecurityPolicy };
const noindexPageHeaders = { ...pageHeaders, 'x-robots-tag': 'noindex' };

export function registerPageRoutes(app: FastifyInstance, options: PageRouteOptions): void {
  const { cache, exposeCacheStatus } = options;
  const queryUseOf = new Map(options.routes.map((route) => [route.path, route.queryUse ?? 'none']));

  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const queryUse = queryUseOf.get(request.routeOptions.url ?? '');
    // Other routes (the Content API) keep their responses under the whole URL, validating their query.
    const key = queryUse ? cacheKeyOf(request.url, request.query as PageQuery, queryUse) : request.url;
    const entry = key === undefined ? undefined : cache.get(key);
    if (!entry) return done();
    if (exposeCacheStatus) reply.header('x-cache', 'HIT');
    sendCachedResponse(request, reply, entry, cache);
  });

  for (const route of options.routes) {
    const queryUse = route.queryUse ?? 'none';
    app.get(route.path, async (request, reply) => {
      const query = request.query as PageQuery;
      const generation = cache.generation;
      const result: PageResult = await route.render({
        path: request.url.split('?', 1)[0] ?? '/',
        params: request.params as Record<string, string>,
        query,
      });
      switch (result.kind) {
        case 'redirect': {
          const status = result.isTemporary ? 302 : 301;
          return reply.code(status).header('cache-control', pageCacheControl).redirect(result.location, status);
        }
        case 'not-found':
          return options.sendNotFound(request, reply);
        case 'bad-request':
          return options.sendBadRequest(request, reply);
        case 'page': {
          const response = {
            status: 200,
            contentType: result.contentType ?? 'text/html; charset=utf-8',
            body: Buffer.from(result.html),
            cacheControl: pageCacheControl,
            headers: result.isNoindex ? noindexPageHeaders : pageHeaders,
            dependencies: result.dependencies,
            expiresAtMs: result.expiresAt === undefined ? undefined : Date.parse(result.expiresAt),
          };
          const key = cacheKeyOf(request.url, query, queryUse);
          const entry = key === undefined ? cache.describe(response) : cache.set(key, response, generation);
          if (exposeCacheStatus) reply.header('x-cache', 'MISS');
          return sendCachedResponse(request, reply, entry, cache);
        }
      }
    });
  }
}

/** The page cache's key for a request to a route that reads its query as `queryUse` says; undefined: not cached. */
function cacheKeyOf(url: string, query: PageQuery, queryUse: PageQueryUse): string | undefined {
  const path = url.split('?', 1)[0] ?? '/';
  if (queryUse === 'none') return path;
  if (queryUse === 'whole') return Object.keys(query).length === 0 ? path : undefined;
  const page = query[pageParameter];
  // Only the page number keys a listing; a repeated one is refused by the route and never kept.
  if (page === undefined) return path;
  return typeof page === 'string' ? `${path}?${pageParameter}=${encodeURIComponent(page)}` : undefined;
}
