// Writes on SQLite meet another connection's write lock without blocking the thread: transactions take the
// lock as they begin, a serving process's writes fail fast and are retried asynchronously, up to a bound.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UnavailableError } from '../../src/domain/errors.ts';
import { DatabaseLockedError } from '../../src/storage/busy-retry.ts';
import { Database } from '../../src/storage/database.ts';
import { createTransactionRunner } from '../../src/storage/repositories.ts';
import { busyRetryFor } from '../../src/storage/storage-dialects.ts';

describe('SQLite writes beside another writer', () => {
  let dir: string;
  let file: string;
  let database: Database;
  let other: SqliteDatabase.Database;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-busy-'));
    file = path.join(dir, 'testata.db');
    database = Database.open({ kind: 'sqlite', file });
    await database.migrate();
    database.stopWaitingForLocks();
    other = new SqliteDatabase(file);
    other.pragma('busy_timeout = 0');
  });

  afterEach(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const changeCount = () => (other.prepare('select count(*) as n from content_changes').get() as { n: number }).n;

  test('a transaction holds the write lock from its start: no other writer slips in between its read and its write', async () => {
    const transaction = createTransactionRunner(database.db, 'sqlite');
    let otherWriter: unknown;
    await transaction(async ({ contentChanges }) => {
      await contentChanges.listSince('2000-01-01T00:00:00Z');
      try {
        other.prepare(`insert into content_changes (id, keys, created_at) values ('other', '[]', '2024-01-01')`).run();
      } catch (error) {
        otherWriter = error;
      }
      // With a deferred BEGIN the other write got in, and this one failed with SQLITE_BUSY_SNAPSHOT.
      await contentChanges.record(['home'], new Date().toISOString());
    });
    expect((otherWriter as { code?: string })?.code).toBe('SQLITE_BUSY');
    expect(changeCount()).toBe(1);
  });

  test('a transaction meeting the lock waits without blocking the thread, and commits once it is released', async () => {
    const transaction = createTransactionRunner(database.db, 'sqlite');
    other.exec('begin immediate');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let isCommitted = false;
    const write = transaction(({ contentChanges }) => contentChanges.record(['home'], new Date().toISOString())).then(
      () => {
        isCommitted = true;
      },
    );
    // Reads go on meanwhile, on the same connection.
    for (let i = 0; i < 20; i++) {
      await database.ping();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(isCommitted).toBe(false);
    other.exec('commit');
    await write;
    delay.disable();
    expect(changeCount()).toBe(1);
    // The old 5 s busy timeout blocked the thread for the whole wait; generous for a loaded machine.
    expect(delay.max / 1e6).toBeLessThan(500);
  });

  test('gives up after its bound with an error saying the database is locked by another process', async () => {
    other.exec('begin immediate');
    const retry = busyRetryFor('sqlite');
    const startedAt = performance.now();
    const failure = await retry(
      () => database.db.insertInto('content_changes').values({ id: 'x', keys: '[]', created_at: 'now' }).execute(),
      { giveUpAfterMs: 300 },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseLockedError);
    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as Error).message).toMatch(/locked by another process/);
    expect(((failure as Error).cause as { code?: string }).code).toBe('SQLITE_BUSY');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(250);
  });

  test('another process opens and migrates an up-to-date database while the write lock is held', async () => {
    other.exec('begin immediate');
    const second = Database.open({ kind: 'sqlite', file });
    try {
      expect(await second.migrate()).toEqual([]);
    } finally {
      await second.close();
    }
  });

  test('a failure inside the work is not retried', async () => {
    const transaction = createTransactionRunner(database.db, 'sqlite');
    let runs = 0;
    const failure = await transaction(async () => {
      runs += 1;
      throw Object.assign(new SqliteDatabase.SqliteError('database is locked', 'SQLITE_BUSY'), {});
    }).catch((error: unknown) => error);
    expect(runs).toBe(1);
    expect((failure as { code?: string }).code).toBe('SQLITE_BUSY');
  });
});
