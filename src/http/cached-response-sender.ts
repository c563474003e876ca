// Sends a cached response: 304 when the client's copy is current, otherwise the best encoding it accepts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { chooseEncoding, type CachedResponse, type PageCache } from './page-cache.ts';

export function sendCachedResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedResponse,
  cache: PageCache,
): FastifyReply {
  reply.headers(entry.headers);
  if (matchesEtag(request.headers['if-none-match'], entry.etag)) {
    return reply
      .code(304)
      .headers({ etag: entry.etag, 'cache-control': entry.cacheControl, vary: 'Accept-Encoding' })
      .send();
  }
  const { body, encoding } = cache.encode(entry, chooseEncoding(request.headers['accept-encoding']));
  reply.code(entry.status).headers({
    'content-type': entry.contentType,
    'cache-control': entry.cacheControl,
    etag: entry.etag,
    vary: 'Accept-Encoding',
  });
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(body);
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}
