// A real `testata serve` whose PostgreSQL connection goes through a proxy that loses the network the silent way
// (issue 20 F1): readers get 503 with Retry-After within seconds, never a hang; after the network heals, uncached
// pages and /healthz answer 200 within seconds; the log says "unreachable" and "reachable again" once each, with
// no stack (F13); SIGTERM during the loss exits within the shutdown deadline. Prints the measured times.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type BlackholeProxy, startBlackholeProxy, throughProxy } from '../support/blackhole-proxy.ts';
import { type ServerProcess, startServerProcess, waitUntil } from '../support/server-process.ts';
import { createPostgresDatabase, hasPostgres, postgresAdminUrl } from '../support/test-databases.ts';

/** Generous bounds for "did not hang": the server's defaults aim at 5 s (query) and 15 s (shutdown). */
const answeredWithinMs = 10_000;
const recoveredWithinMs = 15_000;
const exitedWithinMs = 20_000;

describe.runIf(hasPostgres)('a server whose PostgreSQL network goes silent', () => {
  let proxy: BlackholeProxy;
  let postgres: { url: string; drop: () => Promise<void> };
  let server: ServerProcess;

  beforeAll(async () => {
    const admin = new URL(postgresAdminUrl);
    proxy = await startBlackholeProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    postgres = await createPostgresDatabase();
    server = await startServerProcess({
      DATABASE_URL: throughProxy(postgres.url, proxy),
      DATABASE_POOL_SIZE: '4',
      TESTATA_PAGE_CACHE_ENTRIES: '0',
      LOG_LEVEL: 'info',
    });
    await waitUntil(async () => (await get('/healthz').catch(() => undefined))?.status === 200, 60_000);
  }, 90_000);

  afterAll(async () => {
    await server?.dispose();
    await proxy?.close();
    await postgres?.drop();
  });

  /** A request that gives up after 30 s, so that a hang fails the test instead of stalling it. */
  const get = async (path: string) => {
    const startedAt = performance.now();
    const response = await fetch(server.baseUrl + path, { signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      ms: performance.now() - startedAt,
    };
  };
  const logLines = () =>
    server
      .output()
      .stdout.split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; [key: string]: unknown });

  test('answers 503 during the loss, 200 soon after the heal, logs each change once, and stops on SIGTERM', async () => {
    expect((await get('/esteri/')).status).toBe(200);

    proxy.blackhole();
    // Requests in flight when the network went silent, and more while it stays silent.
    const during = await Promise.all([get('/esteri/'), get('/healthz'), get('/'), get('/api/v1/articles')]);
    const later = await Promise.all([get('/cultura/'), get('/healthz')]);
    for (const response of [...during, ...later]) {
      expect(response.status).toBe(503);
      expect(response.retryAfter).toBe('5');
      expect(response.ms).toBeLessThan(answeredWithinMs);
    }
    const timeTo503Ms = Math.max(...during.map((r) => r.ms));

    proxy.heal();
    const healedAt = performance.now();
    await waitUntil(
      async () => (await get('/healthz')).status === 200 && (await get('/esteri/')).status === 200,
      recoveredWithinMs,
    );
    const timeTo200Ms = performance.now() - healedAt;
    // Still answering: no stale connection left to fail a later reader.
    for (const path of ['/', '/cultura/', '/healthz', '/api/v1/articles'])
      expect((await get(path)).status, path).toBe(200);

    const lines = logLines();
    expect(lines.filter((l) => l.msg.startsWith('database unreachable'))).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'database reachable again')).toHaveLength(1);
    expect(server.output().stdout).not.toContain('"stack"');

    proxy.blackhole();
    const inFlight = get('/esteri/').catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = performance.now();
    server.child.kill('SIGTERM');
    await server.exited;
    const exitMs = performance.now() - signalledAt;
    await inFlight;
    expect(exitMs).toBeLessThan(exitedWithinMs);

    console.info(
      `silent network: 503 within ${(timeTo503Ms / 1000).toFixed(1)} s of the loss, 200 within ` +
        `${(timeTo200Ms / 1000).toFixed(1)} s of the heal, SIGTERM exit in ${(exitMs / 1000).toFixed(1)} s`,
    );
  }, 120_000);
});
