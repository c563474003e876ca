// Serves the reader site's routes through the page cache: a hit never reaches the renderer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageQuery, PageResult, PageRoute } from '../domain/page-result.ts';
import { pageParameter } from '../domain/reader-paths.ts';
import { sendCachedResponse } from './cached-response-sender.ts';
import type { PageCache } from './page-cache.ts';
import { pageCacheControl, readerContentSecurityPolicy } from './security-headers.ts';

/** Query parameters a cacheable reader page may carry; any other makes the response uncached. */
const cacheableQueryParameters = new Set([pageParameter]);

export type PageRouteOptions = {
  cache: PageCache;
  routes: PageRoute[];
  sendNotFound: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  sendBadRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
};

const pageHeaders = { 'content-security-policy': readerContentSecurityPolicy };
const noindexPageHeaders = { ...pageHeaders, 'x-robots-tag': 'noindex' };

export function registerPageRoutes(app: FastifyInstance, options: PageRouteOptions): void {
  const { cache } = options;

  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const entry = cache.get(request.url);
    if (!entry) return done();
    reply.header('x-cache', 'HIT');
    sendCachedResponse(request, reply, entry, cache);
  });

  for (const route of options.routes) {
    app.get(route.path, async (request, reply) => {
      const query = request.query as PageQuery;
      const generation = cache.generation;
      const result: PageResult = await route.render({
        path: request.url.split('?', 1)[0] ?? '/',
        params: request.params as Record<string, string>,
        query,
      });
      switch (result.kind) {
        case 'redirect':
          return reply.code(301).header('cache-control', pageCacheControl).redirect(result.location, 301);
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
          const isCacheable = Object.keys(query).every((name) => cacheableQueryParameters.has(name));
          const entry = isCacheable ? cache.set(request.url, response, generation) : cache.describe(response);
          reply.header('x-cache', 'MISS');
          return sendCachedResponse(request, reply, entry, cache);
        }
      }
    });
  }
}
