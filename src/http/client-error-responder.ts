// The answer to a request Node's HTTP parser refuses or gives up on (malformed, headers too large, too slow):
// no route or hook runs for it, so it is written here, with the headers every response carries.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { apiContentSecurityPolicy } from './security-headers.ts';

export function createClientErrorResponder(
  commonHeaders: Record<string, string>,
): (this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) => void {
  return function respondToClientError(error, socket) {
    // A reset connection has no one left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const reason = http.STATUS_CODES[status] ?? 'Bad Request';
    const body = `${reason}\n`;
    const headers = {
      ...commonHeaders,
      'content-security-policy': apiContentSecurityPolicy,
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      connection: 'close',
    };
    this.log.debug({ err: error }, 'client error');
    // As Node does: never write into a response that has already begun.
    const response = (socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
    if (socket.writable && !response?.headersSent) {
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`HTTP/1.1 ${status} ${reason}\r\n${lines.join('')}\r\n${body}`);
    }
    socket.destroy(error);
  };
}
