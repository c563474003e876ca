// Content API v1: read-only JSON, cached like pages and invalidated by the same content keys.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { articleTypes } from '../domain/article.ts';
import { ValidationError } from '../domain/errors.ts';
import { validateWith } from '../domain/schema-validation.ts';
import { isSlug } from '../domain/slug.ts';
import type { ContentApiService } from '../services/content-api-service.ts';
import { sendCachedResponse } from './cached-response-sender.ts';
import {
  articleJson,
  articleSummaryJson,
  authorJson,
  sectionJson,
  tagJson,
  type UrlMaker,
} from './content-api-json.ts';
import type { PageCache } from './page-cache.ts';
import { apiContentSecurityPolicy, pageCacheControl } from './security-headers.ts';

const slug = z.string().refine(isSlug, 'must be a slug');
const listQuerySchema = z.strictObject({
  section: slug.optional(),
  tag: slug.optional(),
  author: slug.optional(),
  type: z.enum(articleTypes).optional(),
  cursor: z.string().max(500).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a number from 1 to 100')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, 'must be a number from 1 to 100')
    .default(20),
});

const apiHeaders = { 'content-security-policy': apiContentSecurityPolicy, 'access-control-allow-origin': '*' };
const noindexApiHeaders = { ...apiHeaders, 'x-robots-tag': 'noindex' };

export function registerContentApiRoutes(
  app: FastifyInstance,
  options: { api: ContentApiService; cache: PageCache; url: UrlMaker },
): void {
  const { api, cache, url } = options;

  const sendJson = (
    request: FastifyRequest,
    reply: FastifyReply,
    value: unknown,
    dependencies: string[],
    generation: number,
    isCacheable = true,
    headers: Record<string, string> = apiHeaders,
  ) => {
    const response = {
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: Buffer.from(JSON.stringify(value)),
      cacheControl: pageCacheControl,
      headers,
      dependencies,
    };
    const entry = isCacheable ? cache.set(request.url, response, generation) : cache.describe(response);
    return sendCachedResponse(request, reply, entry, cache);
  };

  app.get('/api/v1/articles', async (request, reply) => {
    const generation = cache.generation;
    const query = validateWith(listQuerySchema, request.query, 'query');
    const result = await api.listArticles(query);
    return sendJson(
      request,
      reply,
      { articles: result.articles.map((a) => articleSummaryJson(a, url)), next_cursor: result.nextCursor },
      result.dependencies,
      generation,
      query.cursor === undefined,
    );
  });

  app.get<{ Params: { slug: string } }>('/api/v1/articles/:slug', async (request, reply) => {
    const generation = cache.generation;
    if (!isSlug(request.params.slug)) throw new ValidationError('The article slug is malformed.', { field: 'slug' });
    const result = await api.getArticle(request.params.slug);
    // A `noindex` article still answers here, as at its URL: it says so, and so does the header.
    const headers = result.article.noindex ? noindexApiHeaders : apiHeaders;
    return sendJson(
      request,
      reply,
      { article: articleJson(result.article, url) },
      result.dependencies,
      generation,
      true,
      headers,
    );
  });

  app.get('/api/v1/authors', async (request, reply) => {
    const generation = cache.generation;
    const result = await api.listAuthors();
    return sendJson(
      request,
      reply,
      { authors: result.authors.map((a) => authorJson(a, url)) },
      result.dependencies,
      generation,
    );
  });

  app.get('/api/v1/sections', async (request, reply) => {
    const generation = cache.generation;
    const result = await api.listSections();
    return sendJson(
      request,
      reply,
      { sections: result.sections.map((s) => sectionJson(s, url)) },
      result.dependencies,
      generation,
    );
  });

  app.get('/api/v1/tags', async (request, reply) => {
    const generation = cache.generation;
    const result = await api.listTags();
    return sendJson(request, reply, { tags: result.tags.map((t) => tagJson(t, url)) }, result.dependencies, generation);
  });
}
