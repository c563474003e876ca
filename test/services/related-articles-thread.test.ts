// Related articles beside a server are computed on a worker thread with its own connection, run for real:
// the worker script bundled the way bin/testata.mjs bundles it, over an imported archive on both databases.
// The serving thread's event loop stays free meanwhile, and the lists are those computed on this thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { bundleOptions } from '../../bin/bundle-options.mjs';
import { ImportService } from '../../src/services/import-service.ts';
import { aloneBatchSizes, RelatedArticlesService } from '../../src/services/related-articles-service.ts';
import { type RelatedComputer, relatedComputer } from '../../src/services/related-articles-thread.ts';
import { Database, type DatabaseLocation } from '../../src/storage/database.ts';
import { createRepositories, createTransactionRunner } from '../../src/storage/repositories.ts';
import { generatedArticleLines } from '../support/article-records.ts';
import { createPostgresDatabase, describeEachDatabase } from '../support/test-databases.ts';

let bundleDir: string;
let workerUrl: URL;
const archive = generatedArticleLines(300);

beforeAll(async () => {
  // Inside the package, as bin/testata.mjs puts its bundle: the script imports its packages from node_modules.
  const cacheDir = path.resolve(import.meta.dirname, '../../node_modules/.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  bundleDir = fs.mkdtempSync(path.join(cacheDir, 'testata-related-worker-'));
  await build({
    ...bundleOptions,
    write: true,
    entryPoints: {
      'related-articles-worker': path.resolve(import.meta.dirname, '../../src/services/related-articles-worker.ts'),
    },
    outdir: bundleDir,
    outExtension: { '.js': '.mjs' },
  });
  workerUrl = pathToFileURL(path.join(bundleDir, 'related-articles-worker.mjs'));
});
afterAll(() => fs.rmSync(bundleDir, { recursive: true, force: true }));

describeEachDatabase('related articles on a worker thread, on %s', (kind) => {
  const opened: { database: Database; drop: () => Promise<void>; location: DatabaseLocation }[] = [];
  const computers: RelatedComputer[] = [];

  /** A migrated database holding the imported archive, every article queued for its related list. */
  const openArchive = async () => {
    let location: DatabaseLocation;
    let drop: () => Promise<void>;
    if (kind === 'postgres') {
      const created = await createPostgresDatabase();
      location = { kind: 'postgres', url: created.url, poolSize: 2 };
      drop = created.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-related-thread-'));
      location = { kind: 'sqlite', file: path.join(dir, 'testata.db') };
      drop = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    const database = Database.open(location);
    opened.push({ database, drop, location });
    await database.migrate();
    const report = await new ImportService(createTransactionRunner(database.db, database.dialect)).importArticles(
      archive,
    );
    expect(report.committed).toBe(true);
    const service = new RelatedArticlesService(
      createRepositories(database.db, database.dialect).relatedArticles,
      createTransactionRunner(database.db, database.dialect),
    );
    return { database, location, service };
  };
  const listsBySlug = async (database: Database) =>
    (
      await database.db
        .selectFrom('related_articles')
        .innerJoin('articles as owner', 'owner.id', 'related_articles.article_id')
        .innerJoin('articles as shown', 'shown.id', 'related_articles.related_id')
        .select(['owner.slug as owner', 'shown.slug as shown', 'related_articles.position', 'related_articles.score'])
        .orderBy('owner.slug')
        .orderBy('related_articles.position')
        .execute()
    ).map((r) => `${r.owner} ${r.position} ${r.shown} ${Number(r.score).toFixed(9)}`);

  /** Runs `work`, measuring how busy this thread's event loop was and its longest stall. */
  const measured = async (work: () => Promise<void>) => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const before = performance.eventLoopUtilization();
    const startedAt = performance.now();
    await work();
    const utilization = performance.eventLoopUtilization(before).utilization;
    delay.disable();
    return { utilization, maxDelayMs: delay.max / 1e6, elapsedMs: performance.now() - startedAt };
  };

  beforeEach(() => {
    opened.length = 0;
    computers.length = 0;
  });
  afterEach(async () => {
    for (const computer of computers) await computer.close();
    for (const { database, drop } of opened) {
      await database.close();
      await drop();
    }
  });

  test('computes every list off this thread, which stays free meanwhile, and gets the lists this thread would', async () => {
    const beside = await openArchive();
    const computer = relatedComputer(workerUrl, beside.location, beside.service);
    computers.push(computer);
    const pauses: number[] = [];
    const offThread = await measured(async () => {
      for (let done = false; !done; ) {
        const progress = await computer.computePending();
        pauses.push(progress.pauseMs);
        done = progress.isDone;
      }
    });

    const alone = await openArchive();
    const onThread = await measured(async () => {
      while (!(await alone.service.computePending(60_000, aloneBatchSizes)).isDone) {
        // until the queue is empty
      }
    });
    console.info(
      `${kind}: on the worker ${offThread.elapsedMs.toFixed(0)} ms in ${pauses.length} runs, this thread ${(100 * offThread.utilization).toFixed(0)}% busy, ` +
        `longest stall ${offThread.maxDelayMs.toFixed(0)} ms; on this thread ${onThread.elapsedMs.toFixed(0)} ms, ` +
        `${(100 * onThread.utilization).toFixed(0)}% busy, longest stall ${onThread.maxDelayMs.toFixed(0)} ms`,
    );
    const lists = await listsBySlug(beside.database);
    expect(lists.length).toBeGreaterThan(600);
    expect(lists).toEqual(await listsBySlug(alone.database));
    // Generous bounds for a loaded two-core machine: on this thread the loop is busy most of the time.
    expect(offThread.utilization).toBeLessThan(0.15);
    expect(offThread.maxDelayMs).toBeLessThan(1000);
    // Nothing to leave the serving thread time for: the job runs again at once.
    expect(pauses.every((pauseMs) => pauseMs === 0)).toBe(true);
  }, 180_000);

  test('a computation that fails on the worker rejects with its cause, and the next run starts a new worker', async () => {
    const { database, location, service } = await openArchive();
    const computer = relatedComputer(workerUrl, location, service);
    computers.push(computer);
    // The worker's own connection finds no queue table: its run fails, the serving side is told why.
    await database.db.schema.alterTable('related_pending').renameTo('related_pending_away').execute();
    await expect(computer.computePending()).rejects.toThrow(/related articles computation failed: .*related_pending/);
    await database.db.schema.alterTable('related_pending_away').renameTo('related_pending').execute();
    expect((await computer.computePending()).counted).toBeGreaterThan(0);
  }, 60_000);
});
