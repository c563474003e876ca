// Every route so far only reads (pages, feeds, the Content API, assets, media): a writing method on one of them
// is answered 405 with `Allow: GET, HEAD`, before its body is read.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const readMethods = 'GET, HEAD';
const writingMethods = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export type MethodNotAllowedSender = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** Notes the path of every GET route registered from now on; `answerWritingMethods` then covers them. */
export function trackReadOnlyRoutes(app: FastifyInstance): {
  answerWritingMethods: (send: MethodNotAllowedSender) => void;
} {
  const paths = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('GET')) paths.add(route.url);
  });
  return {
    answerWritingMethods: (send) => {
      for (const url of paths) {
        const methods = writingMethods.filter((method) => !app.hasRoute({ url, method }));
        if (methods.length === 0) continue;
        app.route({
          method: methods,
          url,
          // In onRequest, so that the body is never parsed: the answer does not depend on it.
          onRequest: async (request, reply) => send(request, reply.header('allow', readMethods)),
          // Never reached: onRequest has answered.
          handler: async (_request, reply) => reply,
        });
      }
    },
  };
}

/** Whether a request says a body follows (which a route that does not read it must not wait for). */
export function announcesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
