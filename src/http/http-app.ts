// Builds the Fastify app: security headers, the page cache, reader pages, Content API, operations routes,
// and the one error handler that turns anything thrown into a safe Italian page or a JSON error.
import fastifyStatic from '@fastify/static';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { ErrorPageRenderer, PageRoute, StaticAsset } from '../domain/page-result.ts';
import type { ContentApiService } from '../services/content-api-service.ts';
import type { SearchService } from '../services/search-service.ts';
import type { SecondFactorService } from '../services/staff/second-factor-service.ts';
import type { SignInService } from '../services/staff/sign-in-service.ts';
import { registerAdminApi } from './admin/admin-api.ts';
import { registerContentApiRoutes } from './content-api-routes.ts';
import { registerSearchApiRoutes } from './search-api-routes.ts';
import { sendCachedResponse } from './cached-response-sender.ts';
import { createClientErrorResponder } from './client-error-responder.ts';
import { toClientError } from './error-mapping.ts';
import { registerOperationsRoutes, type HttpMetrics } from './operations-routes.ts';
import type { PageCache } from './page-cache.ts';
import { registerPageRoutes } from './page-routes.ts';
import { announcesBody, trackReadOnlyRoutes } from './read-only-routes.ts';
import {
  apiContentSecurityPolicy,
  immutableCacheControl,
  readerContentSecurityPolicy,
  securityHeaders,
} from './security-headers.ts';

export type HttpAppOptions = {
  logger: FastifyBaseLogger | undefined;
  publicUrl: string;
  cache: PageCache;
  pageRoutes: PageRoute[];
  assets: StaticAsset[];
  mediaDir: string;
  renderErrorPage: ErrorPageRenderer;
  contentApi: ContentApiService;
  search: SearchService;
  findMovedPath: (path: string) => Promise<string | undefined>;
  checkHealth: () => Promise<void>;
  signIn: SignInService;
  secondFactor: SecondFactorService;
  /** `x-cache: HIT|MISS` on reader pages, for debugging only. */
  exposeCacheStatus: boolean;
  /** How long a client may take to send a request, and keep an idle connection open. */
  timeouts: { requestSeconds: number; keepAliveSeconds: number };
  /** Proxies whose X-Forwarded-For is believed (request.ip: the client's address, as sign-in throttling needs). */
  trustedProxies: string[];
};

export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const metrics: HttpMetrics = { responses: new Map() };
  const requestTimeoutMs = options.timeouts.requestSeconds * 1000;
  const commonHeaders = securityHeaders({ isHttps: options.publicUrl.startsWith('https:') });
  const app: FastifyInstance = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1_048_576,
    // Fastify turns Node's request timeout off: a client dribbling a body a byte at a time would hold its
    // connection (and the body parser) for ever. Node enforces it on a timer, so check often enough for the
    // cut to come soon after the limit; and it ignores it while its headers timeout (60 s unless said) is
    // longer, so both are set. A silent socket is dropped after as long.
    requestTimeout: requestTimeoutMs,
    connectionTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(5_000, Math.ceil(requestTimeoutMs / 4)),
    },
    keepAliveTimeout: options.timeouts.keepAliveSeconds * 1000,
    ...(options.trustedProxies.length > 0 ? { trustProxy: options.trustedProxies.join(',') } : {}),
    return503OnClosing: true,
    clientErrorHandler: createClientErrorResponder(commonHeaders),
    frameworkErrors: (error, request, reply) => {
      // Undecodable URLs and over-long path segments: the client's mistake, never a 500.
      const isClientError = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      if (!isClientError) request.log.error({ err: error }, 'router failed');
      void sendErrorPage(request, reply, isClientError ? (error.code === 'FST_ERR_BAD_URL' ? 400 : 404) : 500);
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(commonHeaders);
    // Nothing here reads a GET's body, and Node would wait for all of it before the next request on the
    // connection: close it after the answer instead.
    if ((request.method === 'GET' || request.method === 'HEAD') && announcesBody(request))
      reply.header('connection', 'close');
    done();
  });
  const readOnlyRoutes = trackReadOnlyRoutes(app);
  app.addHook('onResponse', (_request, reply, done) => {
    metrics.responses.set(reply.statusCode, (metrics.responses.get(reply.statusCode) ?? 0) + 1);
    done();
  });

  const renderErrorPage = options.renderErrorPage;
  async function sendErrorPage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: 400 | 404 | 405 | 500 | 503,
  ): Promise<FastifyReply> {
    // Again here: a URL the router cannot decode is answered before any hook runs.
    reply.headers(commonHeaders);
    if (status === 405 && announcesBody(request)) reply.header('connection', 'close');
    if (request.url.startsWith('/api/')) {
      const code = {
        400: 'BAD_REQUEST',
        404: 'NOT_FOUND',
        405: 'METHOD_NOT_ALLOWED',
        500: 'INTERNAL',
        503: 'UNAVAILABLE',
      }[status];
      const message = {
        404: 'No such resource.',
        405: 'This API is read-only: use GET or HEAD.',
      }[status as number];
      return reply
        .code(status)
        .header('content-security-policy', apiContentSecurityPolicy)
        .header('cache-control', 'no-store')
        .send({ error: { code, message: message ?? 'The request could not be served.' } });
    }
    let html: string;
    try {
      // A reader who ends up sending a form here sees the page of a request that cannot be served.
      html = await renderErrorPage(status === 405 ? 400 : status);
    } catch (error) {
      request.log.error({ err: error }, 'error page failed to render');
      html = '<!doctype html><html lang="it"><title>Errore</title><h1>Errore</h1></html>';
    }
    return reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', readerContentSecurityPolicy)
      .header('cache-control', status === 404 ? 'public, max-age=60' : 'no-store')
      .send(html);
  }

  app.setErrorHandler(async (error, request, reply) => {
    const mapped = toClientError(error);
    if (mapped.status === 503) {
      // The outage itself is logged once when it starts and once when it ends (storage/database-availability.ts).
      request.log.debug({ url: request.url }, 'database unavailable');
      reply.header('retry-after', '5');
    } else if (mapped.status >= 500) {
      request.log.error({ err: error, url: request.url }, 'request failed');
    }
    if (request.url.startsWith('/api/')) {
      return reply.code(mapped.status).header('cache-control', 'no-store').send(mapped.body);
    }
    const status = mapped.status === 404 || mapped.status === 503 ? mapped.status : mapped.status < 500 ? 400 : 500;
    return sendErrorPage(request, reply, status);
  });

  const publicOrigin = new URL(options.publicUrl).origin;
  app.setNotFoundHandler(async (request, reply) => {
    const [path = '/', query] = request.url.split('?', 2);
    if (request.method === 'GET' || request.method === 'HEAD') {
      const moved = await options.findMovedPath(path);
      if (moved) return reply.header('cache-control', 'public, max-age=3600').redirect(moved, 301);
      if (isRedirectablePath(path) && !path.endsWith('/') && !/\.[a-z0-9]+$/i.test(path) && !path.startsWith('/api/')) {
        // Absolute, so that no path can make it name another host.
        return reply.redirect(`${publicOrigin}${path}/${query === undefined ? '' : `?${query}`}`, 301);
      }
    }
    return sendErrorPage(request, reply, 404);
  });

  registerPageRoutes(app, {
    cache: options.cache,
    routes: options.pageRoutes,
    sendNotFound: (request, reply) => sendErrorPage(request, reply, 404),
    sendBadRequest: (request, reply) => sendErrorPage(request, reply, 400),
    exposeCacheStatus: options.exposeCacheStatus,
  });
  registerContentApiRoutes(app, {
    api: options.contentApi,
    cache: options.cache,
    url: (path) => options.publicUrl + path,
  });
  registerSearchApiRoutes(app, { search: options.search, url: (path) => options.publicUrl + path });
  registerOperationsRoutes(app, { metrics, cache: options.cache, checkHealth: options.checkHealth });
  await registerAdminApi(app, {
    signIn: options.signIn,
    secondFactor: options.secondFactor,
    publicUrl: options.publicUrl,
  });

  for (const asset of options.assets) {
    const entry = options.cache.describe({
      status: 200,
      contentType: asset.contentType,
      body: asset.body,
      cacheControl: immutableCacheControl,
      headers: {},
      dependencies: [],
    });
    app.get(asset.path, (request, reply) => sendCachedResponse(request, reply, entry, options.cache));
  }
  await app.register(fastifyStatic, {
    root: options.mediaDir,
    prefix: '/media/',
    decorateReply: false,
    index: false,
    maxAge: '7d',
    setHeaders: (reply) =>
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
  });
  readOnlyRoutes.answerWritingMethods((request, reply) => sendErrorPage(request, reply, 405));
  return app;
}

/**
 * Whether a request's path may be echoed in a Location. `//host/x` and `/\host/x` are read by browsers as
 * another host, and an absolute-form target (`GET http://host/x`) arrives here unparsed: none of them is a
 * page of ours, so they get a 404 rather than a redirect.
 */
function isRedirectablePath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('\\');
}
