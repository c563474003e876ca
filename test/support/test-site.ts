// A whole Testata for one test: a fresh temporary data directory and SQLite file, the real services
// and the real HTTP app (use `app.inject` in-process, or `listen()` for a browser).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/config.ts';
import { createServerApp, openTestata, type Testata } from '../../src/main.ts';
import { createPostgresDatabase, type TestDatabaseKind } from './test-databases.ts';

export const testPublicUrl = 'http://testata.test';

/** For `env`: pages then say `x-cache: HIT|MISS`, which only debugging turns on. */
export const debugEnv = { LOG_LEVEL: 'debug' };

export type TestSite = {
  testata: Testata;
  app: FastifyInstance;
  dataDir: string;
  /** Starts listening on a free loopback port; returns the base URL. */
  listen: () => Promise<string>;
  close: () => Promise<void>;
};

export async function createTestSite(
  options: { demo?: boolean; database?: TestDatabaseKind; env?: Record<string, string> } = {},
): Promise<TestSite> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-test-'));
  const postgres = options.database === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig({
    TESTATA_DATA_DIR: dataDir,
    PUBLIC_URL: testPublicUrl,
    LOG_LEVEL: 'silent',
    // A loaded CI machine can take seconds over one query; the tests of the reader-sized limit set their own.
    DATABASE_QUERY_TIMEOUT_MS: '30000',
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    ...options.env,
  });
  const testata = await openTestata(config, pino({ level: 'silent' }));
  if (options.demo ?? true) await testata.demo.load();
  const app = await createServerApp(testata);
  await app.ready();
  return {
    testata,
    app,
    dataDir,
    listen: async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('server has no TCP address');
      return `http://127.0.0.1:${address.port}`;
    },
    close: async () => {
      await app.close();
      await testata.close();
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Another Testata with its own HTTP app, page cache and change feed on `site`'s database, as a second server
 * process would be; `close` closes it and leaves `site` open.
 */
export async function openSiblingSite(site: TestSite): Promise<Pick<TestSite, 'testata' | 'app' | 'close'>> {
  const testata = await openTestata(site.testata.config, pino({ level: 'silent' }));
  const app = await createServerApp(testata);
  await app.ready();
  return {
    testata,
    app,
    close: async () => {
      await app.close();
      await testata.close();
    },
  };
}

/** Writes lines to a temporary .jsonl file and returns its path. */
export function writeJsonLines(dir: string, name: string, records: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`);
  return file;
}
