import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { JobRunner, type JobHandler } from '../../src/jobs/job-runner.ts';
import { Database } from '../../src/storage/database.ts';
import { JobRepository } from '../../src/storage/job-repository.ts';
import { rowLockingFor } from '../../src/storage/storage-dialects.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

describeEachDatabase('durable jobs on %s', (database) => {
  let site: TestSite;
  let other: Database;
  const queueOn = (db: Database) => new JobRepository(db.db, rowLockingFor(db.dialect), uuidv7);
  const runner = (db: Database, handlers: Record<string, JobHandler>, workerId: string, clock?: () => Date) =>
    new JobRunner(queueOn(db), handlers, { workerId, pollMs: 10_000, leaseSeconds: 1 }, () => {}, clock);

  beforeEach(async () => {
    site = await createTestSite({ demo: false, database });
    const location = site.testata.config.database;
    other = Database.open(location.kind === 'postgres' ? { ...location, poolSize: 4 } : location);
  });
  afterEach(async () => {
    await other.close();
    await site.close();
  });

  test('two processes draining one queue run every job exactly once', async () => {
    const queue = queueOn(site.testata.database);
    const now = new Date().toISOString();
    for (let i = 0; i < 120; i++) await queue.enqueue({ kind: 'conta', payload: { n: i }, runAt: now }, now);
    const runs: { n: number; worker: string }[] = [];
    const handlerFor =
      (worker: string): JobHandler =>
      async (payload) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        runs.push({ n: (payload as { n: number }).n, worker });
      };
    const a = runner(site.testata.database, { conta: handlerFor('a') }, 'a');
    const b = runner(other, { conta: handlerFor('b') }, 'b');
    await Promise.all([a.drain(), b.drain()]);
    expect(runs).toHaveLength(120);
    expect(new Set(runs.map((r) => r.n)).size).toBe(120);
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['a', 'b']));
  });

  test("a crashed process's lease expires and another process retries the job", async () => {
    const queue = queueOn(site.testata.database);
    const now = new Date();
    await queue.enqueue({ kind: 'lavoro', payload: {}, runAt: now.toISOString() }, now.toISOString());
    const crashed = runner(site.testata.database, { lavoro: () => new Promise<void>(() => {}) }, 'caduto');
    void crashed.runOne();
    await new Promise((resolve) => setTimeout(resolve, 50));

    let ranBy: string | undefined;
    const early = runner(other, { lavoro: async () => void (ranBy = 'troppo-presto') }, 'presto');
    expect(await early.runOne()).toBe(false);

    const later = new Date(now.getTime() + 2000);
    const rescuer = runner(other, { lavoro: async () => void (ranBy = 'soccorso') }, 'soccorso', () => later);
    expect(await rescuer.runOne()).toBe(true);
    expect(ranBy).toBe('soccorso');
    const [job] = await site.testata.database.db.selectFrom('jobs').selectAll().execute();
    expect(job).toMatchObject({ attempts: 2, finished_at: later.toISOString(), locked_by: null });
  });

  test('a failing job is retried with backoff, then given up with its error after its last attempt', async () => {
    const queue = queueOn(site.testata.database);
    let clock = new Date();
    await queue.enqueue({ kind: 'fragile', runAt: clock.toISOString(), maxAttempts: 2 }, clock.toISOString());
    const failing = runner(
      site.testata.database,
      { fragile: async () => Promise.reject(new Error('rete assente')) },
      'w',
      () => clock,
    );
    expect(await failing.runOne()).toBe(true);
    expect(await failing.runOne()).toBe(false);
    clock = new Date(clock.getTime() + 6000);
    expect(await failing.runOne()).toBe(true);
    const [job] = await site.testata.database.db.selectFrom('jobs').selectAll().execute();
    expect(job?.attempts).toBe(2);
    expect(job?.finished_at).toBe(clock.toISOString());
    expect(job?.last_error).toContain('rete assente');
    clock = new Date(clock.getTime() + 3_600_000);
    expect(await failing.runOne()).toBe(false);
  });

  test('a periodic job is never given up however often it fails, and one given up before is put back', async () => {
    const queue = queueOn(site.testata.database);
    const jobs = () => site.testata.database.db.selectFrom('jobs').selectAll().execute();
    let clock = new Date('2026-03-02T09:00:00.000Z');
    // As an older version left it: given up after five failures.
    await queue.enqueue({ kind: 'periodico', uniqueKey: 'periodico', runAt: clock.toISOString() }, clock.toISOString());
    await site.testata.database.db
      .updateTable('jobs')
      .set({ attempts: 5, finished_at: clock.toISOString(), last_error: 'rete assente' })
      .execute();
    await queue.schedulePeriodic('periodico', clock.toISOString());
    expect(await jobs()).toMatchObject([{ attempts: 0, finished_at: null, run_at: clock.toISOString() }]);

    let runs = 0;
    const failing = runner(
      site.testata.database,
      { periodico: async () => Promise.reject(new Error(`guasto ${++runs}`)) },
      'w',
      () => clock,
    );
    for (let i = 0; i < 8; i++) {
      expect(await failing.runOne()).toBe(true);
      clock = new Date(clock.getTime() + 3_600_000);
    }
    expect(await jobs()).toMatchObject([
      { attempts: 8, finished_at: null, last_error: expect.stringContaining('guasto 8') },
    ]);
    const recovered = runner(
      site.testata.database,
      { periodico: async () => ({ runAgainAt: new Date(clock.getTime() + 60_000) }) },
      'w',
      () => clock,
    );
    expect(await recovered.runOne()).toBe(true);
    expect(await jobs()).toMatchObject([{ attempts: 0, finished_at: null, last_error: null }]);

    // Scheduling it again (every server start does) leaves a live periodic job as it is.
    await queue.schedulePeriodic('periodico', clock.toISOString());
    expect(await jobs()).toMatchObject([{ attempts: 0, run_at: new Date(clock.getTime() + 60_000).toISOString() }]);
  });

  test('the scheduled-publishing job publishes due articles and nothing else', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await site.testata.importer.importArticles(
      toLines([
        articleRecord({ slug: 'in-programma-ora', status: 'scheduled', published_at: past }),
        articleRecord({ slug: 'in-programma-domani', status: 'scheduled', published_at: future }),
      ]),
    );
    expect((await site.app.inject('/api/v1/articles/in-programma-ora')).statusCode).toBe(404);
    const now = new Date().toISOString();
    await site.testata.jobs.enqueue(
      { kind: 'publish-scheduled-articles', uniqueKey: 'publish-scheduled-articles', runAt: now },
      now,
    );
    expect(await site.testata.jobRunner.runOne()).toBe(true);
    expect((await site.app.inject('/api/v1/articles/in-programma-ora')).statusCode).toBe(200);
    expect((await site.app.inject('/api/v1/articles/in-programma-domani')).statusCode).toBe(404);
    const [job] = await site.testata.database.db.selectFrom('jobs').selectAll().execute();
    expect(job).toMatchObject({ finished_at: null, attempts: 0, locked_by: null });
    expect(job!.run_at > now).toBe(true);
  });
});
