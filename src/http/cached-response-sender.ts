// Sends a cached response: 304 when the client's copy is current (by ETag, or by date when the client sends
// no ETag), otherwise the best encoding it accepts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { chooseEncoding } from './content-encoding.ts';
import type { CachedResponse, PageCache } from './page-cache.ts';

export function sendCachedResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedResponse,
  cache: PageCache,
): FastifyReply {
  reply.headers(entry.headers);
  if (isNotModified(request, entry)) {
    return reply
      .code(304)
      .headers({
        etag: entry.etag,
        'last-modified': entry.lastModified,
        'cache-control': entry.cacheControl,
        vary: 'Accept-Encoding',
      })
      .send();
  }
  const { body, encoding } = cache.encode(entry, chooseEncoding(request.headers['accept-encoding']));
  reply.code(entry.status).headers({
    'content-type': entry.contentType,
    'cache-control': entry.cacheControl,
    etag: entry.etag,
    'last-modified': entry.lastModified,
    vary: 'Accept-Encoding',
  });
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(body);
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only without it. */
function isNotModified(request: FastifyRequest, entry: CachedResponse): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return matchesEtag(ifNoneMatch, entry.etag);
  const ifModifiedSince = Date.parse(request.headers['if-modified-since'] ?? '');
  return !Number.isNaN(ifModifiedSince) && Date.parse(entry.lastModified) <= ifModifiedSince;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}
