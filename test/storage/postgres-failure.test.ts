// PostgreSQL going away under load: requests fail fast with 503 (never hang, never 500), the pool
// recovers by itself, and no write that was acknowledged is lost.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { articleRecord, toLines } from '../support/article-records.ts';
import { postgresAdminUrl, testDatabaseKinds } from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

describe.runIf(testDatabaseKinds.includes('postgres'))('when PostgreSQL drops its connections', () => {
  let site: TestSite;
  let baseUrl: string;
  beforeAll(async () => {
    site = await createTestSite({
      database: 'postgres',
      env: { TESTATA_PAGE_CACHE_ENTRIES: '0', DATABASE_POOL_SIZE: '4' },
    });
    baseUrl = await site.listen();
  });
  afterAll(() => site.close());

  const databaseUrl = () => {
    const { database } = site.testata.config;
    if (database.kind !== 'postgres') throw new Error('expected a PostgreSQL site');
    return database.url;
  };
  /** Runs on the admin database, so it works while the site's database refuses connections. */
  const adminQuery = async (text: string): Promise<string> => {
    const client = new pg.Client({
      connectionString: text.startsWith('select current_database') ? databaseUrl() : postgresAdminUrl,
    });
    await client.connect();
    try {
      const { rows } = await client.query(text);
      return String(rows[0]?.name ?? '');
    } finally {
      await client.end();
    }
  };

  const terminateBackends = async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1',
        [new URL(databaseUrl()).pathname.slice(1)],
      );
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  test('requests answer 200 or 503 quickly, never 500, and the site recovers by itself', async () => {
    const statuses = new Map<number, number>();
    let slowest = 0;
    const paths = ['/', '/esteri/', '/esteri/vertice-sul-grano-a-mosca/', '/api/v1/articles', '/healthz'];
    let isRunning = true;
    const load = async () => {
      for (let i = 0; isRunning; i++) {
        const startedAt = performance.now();
        const response = await fetch(baseUrl + paths[i % paths.length]);
        await response.arrayBuffer();
        slowest = Math.max(slowest, performance.now() - startedAt);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 503) expect(response.headers.get('retry-after')).toBe('5');
      }
    };
    const clients = [load(), load(), load(), load()];
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      terminated += await terminateBackends();
    }
    isRunning = false;
    await Promise.all(clients);

    expect(terminated).toBeGreaterThan(0);
    expect(
      [...statuses.keys()].every((status) => status === 200 || status === 503),
      JSON.stringify([...statuses]),
    ).toBe(true);
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(5000);
    for (const path of paths) expect((await fetch(baseUrl + path)).status, path).toBe(200);
  });

  test('while the database refuses connections, pages say so in Italian, the API in JSON, and both recover', async () => {
    const name = await adminQuery('select current_database() as name');
    await adminQuery(`alter database ${name} allow_connections false`);
    try {
      await terminateBackends();
      const page = await fetch(`${baseUrl}/cultura/`);
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('5');
      expect(await page.text()).toContain('Servizio momentaneamente non disponibile');
      const api = await fetch(`${baseUrl}/api/v1/tags`);
      expect(api.status).toBe(503);
      expect(await api.json()).toEqual({ error: { code: 'UNAVAILABLE', message: 'The database is unavailable.' } });
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(503);
    } finally {
      await adminQuery(`alter database ${name} allow_connections true`);
    }
    expect((await fetch(`${baseUrl}/cultura/`)).status).toBe(200);
  });

  test('no acknowledged write is lost while connections drop', async () => {
    const acknowledged: string[] = [];
    const writes = (async () => {
      for (let i = 0; i < 40; i++) {
        const record = articleRecord({ slug: `scrittura-${i}`, section: 'cronaca' });
        try {
          const report = await site.testata.importer.importArticles(toLines([record]));
          if (report.committed) acknowledged.push(String(record.slug));
        } catch (error) {
          expect((error as Error).name).toBe('UnavailableError');
        }
      }
    })();
    for (let round = 0; round < 6; round++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      await terminateBackends();
    }
    await writes;
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const slug of acknowledged) {
      const { article } = await site.testata.contentApi.getArticle(slug);
      expect(article.slug).toBe(slug);
    }
  });
});
