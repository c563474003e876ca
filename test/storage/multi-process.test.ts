// Two `testata serve` processes on one PostgreSQL database behave as one site: a change made anywhere
// reaches both page caches within a second, and scheduled work is done by whichever claims it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { openTestata, type Testata } from '../../src/main.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/testata.mjs');

describe.runIf(testDatabaseKinds.includes('postgres'))('two server processes on one PostgreSQL database', () => {
  let database: { url: string; drop: () => Promise<void> };
  let writer: Testata;
  const servers: { child: ChildProcess; baseUrl: string; dataDir: string }[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    // Both start at once on the empty database: exactly one loads the demo.
    for (let i = 0; i < 2; i++) servers.push(await startServer(database.url));
    await Promise.all(servers.map((server) => waitForHealthy(server.baseUrl)));
    writer = await openTestata(
      loadConfig({ DATABASE_URL: database.url, TESTATA_DATA_DIR: servers[0]!.dataDir }),
      pino({ level: 'silent' }),
    );
  }, 60_000);

  afterAll(async () => {
    await writer?.close();
    await Promise.all(servers.map((server) => stopServer(server.child)));
    for (const server of servers) fs.rmSync(server.dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  test('both serve the demo, loaded once', async () => {
    for (const { baseUrl } of servers) {
      const response = await fetch(`${baseUrl}/api/v1/articles?limit=100`);
      expect((await response.json()).articles).toHaveLength(30);
    }
  });

  test('a change committed anywhere reaches both page caches within a second', async () => {
    const record = articleRecord({ slug: 'notizia-condivisa', section: 'cronaca', title: 'Prima versione' });
    await writer.importer.importArticles(toLines([record]));
    const path = '/cronaca/notizia-condivisa/';
    for (const { baseUrl } of servers) {
      // Cached once the creation's own invalidation has passed.
      await waitUntil(async () => {
        const response = await fetch(baseUrl + path);
        return (await response.text()).includes('Prima versione') && response.headers.get('x-cache') === 'HIT';
      }, 5000);
    }

    await writer.importer.importArticles(toLines([{ ...record, title: 'Seconda versione' }]));
    const committedAt = performance.now();
    const delays = await Promise.all(
      servers.map(async ({ baseUrl }) => {
        await waitUntil(async () => (await fetchText(baseUrl + path)).includes('Seconda versione'), 5000);
        return performance.now() - committedAt;
      }),
    );
    console.info(`cross-process invalidation: ${delays.map((d) => `${d.toFixed(0)} ms`).join(', ')}`);
    for (const delay of delays) expect(delay).toBeLessThan(1000);
  });

  test('a scheduled article goes live on both when its time comes, published by one of them', async () => {
    const publishAt = new Date(Date.now() + 1500).toISOString();
    await writer.importer.importArticles(
      toLines([articleRecord({ slug: 'uscita-programmata', status: 'scheduled', published_at: publishAt })]),
    );
    for (const { baseUrl } of servers)
      expect((await fetch(`${baseUrl}/api/v1/articles/uscita-programmata`)).status).toBe(404);
    for (const { baseUrl } of servers) {
      await waitUntil(
        async () => (await fetch(`${baseUrl}/api/v1/articles/uscita-programmata`)).status === 200,
        10_000,
      );
    }
    const jobs = await writer.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'publish-scheduled-articles')
      .execute();
    expect(jobs).toHaveLength(1);
  });
});

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-proc-'));
  const port = await freePort();
  const child = spawn('node', [bin, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      TESTATA_DATA_DIR: dataDir,
      PORT: String(port),
      // Debug, for `x-cache`; nothing logs at that level.
      LOG_LEVEL: 'debug',
      TESTATA_JOB_POLL_MS: '100',
      TESTATA_SCHEDULED_PUBLISH_CHECK_SECONDS: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, dataDir };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function waitForHealthy(baseUrl: string): Promise<void> {
  await waitUntil(async () => (await fetch(`${baseUrl}/healthz`).catch(() => undefined))?.status === 200, 45_000);
}

async function fetchText(url: string): Promise<string> {
  return (await fetch(url)).text();
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
