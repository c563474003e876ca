// Requests as an attacker or a broken client sends them, over a raw socket: bodies that dribble in, idle
// keep-alive connections, writing methods on read-only routes, URLs the router cannot decode (issue 20, F9, F14).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestSite, type TestSite } from '../support/test-site.ts';

// Short limits, so that the cut comes within a test's patience; the defaults are in the README.
const requestTimeoutSeconds = 2;
const keepAliveSeconds = 1;
// "Did not hang", with room for a loaded machine: without the limits these connections stay open for minutes.
const hangBoundMs = 15_000;

let site: TestSite;
let address: URL;

beforeAll(async () => {
  site = await createTestSite({
    env: {
      TESTATA_HTTP_REQUEST_TIMEOUT_SECONDS: String(requestTimeoutSeconds),
      TESTATA_HTTP_KEEP_ALIVE_SECONDS: String(keepAliveSeconds),
    },
  });
  address = new URL(await site.listen());
});
afterAll(() => site?.close());

/** A raw connection to the site: what it sends back, and when the server closed it (undefined: still open). */
function connect(to: URL = address) {
  const socket = net.connect(Number(to.port), to.hostname);
  socket.setEncoding('latin1');
  let received = '';
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), hangBoundMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  return {
    socket,
    received: () => received,
    /** Whether the server closed the connection within the bound (the socket is destroyed either way). */
    isClosedInTime: async () => {
      const isClosed = await closed;
      socket.destroy();
      return isClosed;
    },
  };
}

/** Sends a chunked body one byte at a time, every `everyMs`, until the connection closes. */
function dribble(socket: net.Socket, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) return clearInterval(timer);
    socket.write('1\r\n \r\n');
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

const head = (received: string) => received.split('\r\n\r\n', 1)[0] ?? '';

describe('slow and idle connections (F9)', () => {
  test('cuts off a request whose body dribbles in, a byte every half second, after the request timeout', async () => {
    const connection = connect();
    // An unknown path: the not-found handler reads (and parses) a body, as a future form route would.
    connection.socket.write(
      `POST /api/v1/nessuna-risorsa HTTP/1.1\r\nHost: ${address.host}\r\nContent-Type: application/json\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n',
    );
    dribble(connection.socket, 500);
    expect(await connection.isClosedInTime()).toBe(true);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(head(connection.received())).toMatch(/^x-content-type-options: nosniff$/im);
  });

  test('cuts off a request whose headers never end', async () => {
    const connection = connect();
    connection.socket.write(`GET / HTTP/1.1\r\nHost: ${address.host}\r\n`);
    const timer = setInterval(() => connection.socket.writable && connection.socket.write('X-A: b\r\n'), 500);
    const isClosed = await connection.isClosedInTime();
    clearInterval(timer);
    expect(isClosed).toBe(true);
  });

  test('answers a GET without waiting for the body it announces, and closes the connection instead of reading it', async () => {
    const connection = connect();
    connection.socket.write(
      `GET /healthz HTTP/1.1\r\nHost: ${address.host}\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n`,
    );
    dribble(connection.socket, 500);
    expect(await connection.isClosedInTime()).toBe(true);
    expect(head(connection.received())).toMatch(/^HTTP\/1\.1 200 /);
    expect(head(connection.received())).toMatch(/^connection: close$/im);
  });

  test('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    // A request timeout past the bound: only the keep-alive timeout can close this connection in time.
    const patientSite = await createTestSite({
      env: { TESTATA_HTTP_REQUEST_TIMEOUT_SECONDS: '600', TESTATA_HTTP_KEEP_ALIVE_SECONDS: String(keepAliveSeconds) },
    });
    try {
      const connection = connect(new URL(await patientSite.listen()));
      connection.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${address.host}\r\n\r\n`);
      expect(await connection.isClosedInTime()).toBe(true);
      expect(head(connection.received())).toMatch(/^HTTP\/1\.1 200 /);
      expect(head(connection.received())).toMatch(/^keep-alive: timeout=1$/im);
    } finally {
      await patientSite.close();
    }
  });
});

describe('writing methods on read-only routes (F14)', () => {
  const readOnlyPaths = [
    '/',
    '/esteri/vertice-sul-grano-a-mosca/',
    '/cerca',
    '/feed/',
    '/esteri/feed/',
    '/sitemap.xml',
    '/api/v1/articles',
    '/api/v1/articles/vertice-sul-grano-a-mosca',
  ];

  test('answer 405 with Allow: GET, HEAD on pages, feeds and the Content API', async () => {
    for (const url of readOnlyPaths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
        const response = await site.app.inject({ method, url, payload: method === 'OPTIONS' ? undefined : 'q=x' });
        expect(response.statusCode, `${method} ${url}`).toBe(405);
        expect(response.headers.allow, `${method} ${url}`).toBe('GET, HEAD');
        expect(response.headers['x-content-type-options'], `${method} ${url}`).toBe('nosniff');
      }
    }
    const page = await site.app.inject({ method: 'POST', url: '/' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="it">');
    const api = await site.app.inject({ method: 'POST', url: '/api/v1/articles' });
    expect(api.json()).toEqual({
      error: { code: 'METHOD_NOT_ALLOWED', message: 'This API is read-only: use GET or HEAD.' },
    });
    // The read methods still work on the same paths.
    expect((await site.app.inject({ method: 'HEAD', url: '/cerca' })).statusCode).toBe(200);
  });

  test('answer 405 at once without reading a dribbling body, and close the connection', async () => {
    const connection = connect();
    connection.socket.write(
      `POST /cerca HTTP/1.1\r\nHost: ${address.host}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n1\r\nq\r\n',
    );
    dribble(connection.socket, 500);
    expect(await connection.isClosedInTime()).toBe(true);
    expect(head(connection.received())).toMatch(/^HTTP\/1\.1 405 /);
    expect(head(connection.received())).toMatch(/^allow: GET, HEAD$/im);
    expect(head(connection.received())).toMatch(/^connection: close$/im);
  });
});

describe('error responses (F14)', () => {
  test("a request Node's HTTP parser refuses gets a 400 with the security headers", async () => {
    const connection = connect();
    connection.socket.write(`GET / HTTP/1.1\r\nHost: ${address.host}\r\nNo colon here\r\n\r\n`);
    expect(await connection.isClosedInTime()).toBe(true);
    const headers = head(connection.received());
    expect(headers).toMatch(/^HTTP\/1\.1 400 /);
    expect(headers).toMatch(/^x-content-type-options: nosniff$/im);
    expect(headers).toMatch(/^x-frame-options: DENY$/im);
    expect(headers).toMatch(/^content-security-policy: default-src 'none'/im);
  });

  test('the 400 page for a URL the router cannot decode carries the security headers', async () => {
    const connection = connect();
    connection.socket.write(`GET /%E0%A4%A HTTP/1.1\r\nHost: ${address.host}\r\nConnection: close\r\n\r\n`);
    expect(await connection.isClosedInTime()).toBe(true);
    const headers = head(connection.received());
    expect(headers).toMatch(/^HTTP\/1\.1 400 /);
    expect(headers).toMatch(/^x-content-type-options: nosniff$/im);
    expect(headers).toMatch(/^x-frame-options: DENY$/im);
    expect(headers).toMatch(/^referrer-policy: strict-origin-when-cross-origin$/im);
    expect(headers).toMatch(/^cross-origin-opener-policy: same-origin$/im);
    expect(headers).toMatch(/^content-security-policy: default-src 'none'/im);
  });
});
