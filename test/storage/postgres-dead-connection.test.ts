// PostgreSQL behind a network that goes silent (issue 20 F1): through a proxy that swallows every byte and
// closes nothing, a query fails as unavailable within its time limit instead of hanging, the client it ran on
// is destroyed rather than reused, clients idle since before are dropped unused, and bulk work that lifted the
// statement timeout is not cut short by a reader-sized limit.
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UnavailableError } from '../../src/domain/errors.ts';
import { Database } from '../../src/storage/database.ts';
import { postgresChangeSignal } from '../../src/storage/postgres/postgres-change-signal.ts';
import { storageDialects } from '../../src/storage/storage-dialects.ts';
import { type BlackholeProxy, startBlackholeProxy, throughProxy } from '../support/blackhole-proxy.ts';
import { waitUntil } from '../support/server-process.ts';
import { createPostgresDatabase, hasPostgres, postgresAdminUrl } from '../support/test-databases.ts';

const queryTimeoutMs = 500;

describe.runIf(hasPostgres)('PostgreSQL behind a network that goes silent', () => {
  let proxy: BlackholeProxy;
  let postgres: { url: string; drop: () => Promise<void> };
  let database: Database | undefined;

  beforeEach(async () => {
    const admin = new URL(postgresAdminUrl);
    proxy = await startBlackholeProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    postgres = await createPostgresDatabase();
  });
  afterEach(async () => {
    await proxy.close();
    await database?.close();
    database = undefined;
    await postgres.drop();
  });

  const open = (poolSize: number) => {
    database = Database.open({ kind: 'postgres', url: throughProxy(postgres.url, proxy), poolSize });
    database.limitQueryTime(queryTimeoutMs);
    return database;
  };

  /** How long `work` took to settle, and how: the error it failed with, if it did. */
  const timed = async (work: Promise<unknown>) => {
    const startedAt = performance.now();
    try {
      await work;
      return { ms: performance.now() - startedAt, error: undefined };
    } catch (error) {
      return { ms: performance.now() - startedAt, error };
    }
  };

  test('a query that gets no answer fails as unavailable within its time limit, and its client is not reused', async () => {
    const db = open(1);
    await db.ping();

    proxy.blackhole();
    const lost = await timed(db.ping());
    expect(lost.error).toBeInstanceOf(UnavailableError);
    expect(lost.ms).toBeLessThan(queryTimeoutMs + 2000);

    // The only client of the pool was waiting for an answer that never comes: reused, it would fail again.
    proxy.heal();
    const healed = await timed(db.ping());
    expect(healed.error).toBeUndefined();
    expect(healed.ms).toBeLessThan(queryTimeoutMs);
  });

  test('after a query timed out, clients idle since before are dropped instead of tried', async () => {
    const db = open(2);
    // Two clients in the pool, both idle.
    await Promise.all([sql`select pg_sleep(0.05)`.execute(db.db), sql`select pg_sleep(0.05)`.execute(db.db)]);
    expect(proxy.openConnections()).toBe(2);

    proxy.blackhole();
    expect((await timed(db.ping())).error).toBeInstanceOf(UnavailableError);
    proxy.heal();
    // The other idle client went through the same lost path; trying it would cost the reader another timeout.
    const healed = await timed(db.ping());
    expect(healed.error).toBeUndefined();
    expect(healed.ms).toBeLessThan(queryTimeoutMs);
  });

  test('a transaction that lifted the statement timeout runs as long as its work needs; the next query is timed again', async () => {
    const db = open(1);
    const slowQuery = sql`select pg_sleep(${(queryTimeoutMs * 2) / 1000})`;
    const lifted = await timed(
      db.db.transaction().execute(async (trx) => {
        await storageDialects.postgres.liftStatementTimeout(trx);
        await slowQuery.execute(trx);
      }),
    );
    expect(lifted.error).toBeUndefined();

    expect((await timed(slowQuery.execute(db.db))).error).toBeInstanceOf(UnavailableError);
  });

  test('a command-sized limit (the default) lets a query run longer than a reader would wait', async () => {
    database = Database.open({ kind: 'postgres', url: throughProxy(postgres.url, proxy), poolSize: 1 });
    const slow = await timed(sql`select pg_sleep(${(queryTimeoutMs * 2) / 1000})`.execute(database.db));
    expect(slow.error).toBeUndefined();
  });

  test('the change listener notices its silent connection and listens again once the network heals', async () => {
    const signal = postgresChangeSignal(throughProxy(postgres.url, proxy), { heartbeatMs: 200, answerWithinMs: 300 });
    let signals = 0;
    const stop = await signal.listen(
      () => signals++,
      () => {},
    );
    try {
      proxy.blackhole();
      await new Promise((resolve) => setTimeout(resolve, 600));
      proxy.heal();
      // Listening again starts with one signal, for the changes committed meanwhile.
      const beforeHeal = signals;
      await waitUntil(async () => signals > beforeHeal, 10_000);

      const writer = new pg.Client({ connectionString: postgres.url });
      await writer.connect();
      const beforeNotify = signals;
      await writer.query(`select pg_notify('testata_content_changes', '')`);
      await writer.end();
      await waitUntil(async () => signals > beforeNotify, 5000);
    } finally {
      await stop();
    }
  });
});
