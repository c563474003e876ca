// `GET /api/v1/search`: the site search as JSON. Unlike the page, a filter that names nothing is a 400
// with the field, so that a program learns of its mistake; the words themselves are never an error.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { articleTypes } from '../domain/article.ts';
import { ValidationError } from '../domain/errors.ts';
import { validateWith } from '../domain/schema-validation.ts';
import type { SnippetPart } from '../domain/search/snippet.ts';
import type { SearchService } from '../services/search-service.ts';
import { articleSummaryJson, type UrlMaker } from './content-api-json.ts';
import { apiContentSecurityPolicy } from './security-headers.ts';

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const searchQuerySchema = z.strictObject({
  q: z.string().max(2000, 'must be at most 2000 characters').default(''),
  section: z.string().max(100).optional(),
  type: z.enum(articleTypes).optional(),
  author: z.string().max(100).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  page: z
    .string()
    .regex(/^[1-9]\d{0,3}$/, 'must be a whole number from 1 to 9999')
    .transform(Number)
    .default(1),
});

export function registerSearchApiRoutes(app: FastifyInstance, options: { search: SearchService; url: UrlMaker }): void {
  app.get('/api/v1/search', async (request, reply) => {
    const { q, page, ...filters } = validateWith(searchQuerySchema, request.query, 'query');
    const outcome = await options.search.search({ text: q, page, ...filters });
    const invalid = outcome.invalidFilters[0];
    if (invalid)
      throw new ValidationError(`Query parameter "${invalid.field}" names nothing: ${invalid.value}.`, {
        field: invalid.field,
      });
    return reply
      .header('cache-control', 'public, max-age=60')
      .header('content-security-policy', apiContentSecurityPolicy)
      .header('access-control-allow-origin', '*')
      .send({
        query: q,
        notes: outcome.notes,
        total: outcome.total,
        total_is_capped: outcome.isTotalCapped,
        page: outcome.page,
        page_count: outcome.pageCount,
        results: outcome.results.map(({ article, snippet }) => ({
          article: articleSummaryJson(article, options.url),
          snippet: snippetJson(snippet),
        })),
      });
  });
}

/** A passage as plain text plus where the matching words are in it (UTF-16 offsets, as JavaScript counts). */
function snippetJson(parts: SnippetPart[]) {
  let text = '';
  const matches: { start: number; length: number }[] = [];
  for (const part of parts) {
    if (part.isMatch) matches.push({ start: text.length, length: part.text.length });
    text += part.text;
  }
  return { text, matches };
}
