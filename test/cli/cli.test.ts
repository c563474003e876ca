import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { articleGenerator, articleRecord } from '../support/article-records.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { writeJsonLines } from '../support/test-site.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/testata.mjs');

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-cli-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  TESTATA_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  ...extra,
});
const testata = (args: string[], extra: Record<string, string> = {}) =>
  spawnSync('node', [bin, ...args], { env: env(extra), encoding: 'utf8', timeout: 60_000 });
const count = (table: string) => {
  const db = new Database(path.join(dataDir, 'testata.db'), { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('testata CLI', () => {
  test('--help lists the commands', () => {
    const result = testata(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'import']) expect(result.stdout).toContain(command);
  });

  test('migrate creates the database and reports what it applied, then nothing to do', () => {
    expect(testata(['migrate']).stdout).toContain('Applied: 0001-content-model');
    expect(testata(['migrate']).stdout).toContain('The database is up to date.');
  });

  test('a bad setting stops it with the variable and the reason', () => {
    const result = testata(['migrate'], { PORT: 'tremila' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT="tremila": must be a whole number between 0 and 65535');
  });

  test('import reports progress as plain lines when not on a terminal, and the rate at the end', () => {
    const file = path.join(dataDir, 'articoli.jsonl');
    fs.writeFileSync(file, execFileSync('node', [articleGenerator, '300'], { maxBuffer: 1 << 30 }));
    const result = testata(['import', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /Imported .*articoli\.jsonl: 300 created, 0 updated, 0 unchanged in [\d.]+ s \(\d+ articles\/s\)/,
    );
    expect(result.stderr).toMatch(/^import: 300 lines, 100%, \d+ articles\/s, ETA 0s$/m);
    expect(count('articles')).toBe(300);
    // Analysed on the bundled worker thread (batches of 500 lines): every article is in the index, under its stems.
    expect(count('search_documents')).toBe(300);
    expect(count("search_text where search_text match 'govern'")).toBeGreaterThan(0);
    expect(testata(['import', file]).stdout).toContain('0 created, 0 updated, 300 unchanged');
  });

  test('search rebuild and related compute work through an imported archive, and a second run finds nothing to do', () => {
    const file = path.join(dataDir, 'archivio.jsonl');
    fs.writeFileSync(file, execFileSync('node', [articleGenerator, '120']));
    expect(testata(['import', file]).status).toBe(0);
    const rebuild = testata(['search', 'rebuild']);
    expect(rebuild.status).toBe(0);
    expect(rebuild.stdout).toMatch(/^Search index rebuilt: 120 articles in [\d.]+ s\.$/m);
    const related = testata(['related', 'compute']);
    expect(related.status).toBe(0);
    expect(related.stdout).toMatch(/^Related articles computed: 120 lists \(120 signatures\) in [\d.]+ s\.$/m);
    expect(testata(['related', 'compute']).stdout).toMatch(/^Related articles computed: 0 lists \(0 signatures\)/m);
  });

  test.runIf(testDatabaseKinds.includes('postgres'))(
    'import reads every line of a short file into PostgreSQL',
    async () => {
      const database = await createPostgresDatabase();
      try {
        const file = writeJsonLines(dataDir, 'breve.jsonl', [articleRecord(), articleRecord(), articleRecord()]);
        for (let run = 0; run < 3; run++) {
          const result = testata(['import', file], { DATABASE_URL: database.url });
          expect(result.status).toBe(0);
          expect(result.stdout).toContain(
            run === 0 ? '3 created, 0 updated, 0 unchanged' : '0 created, 0 updated, 3 unchanged',
          );
        }
      } finally {
        await database.drop();
      }
    },
  );

  test('import of a file with a bad line prints line, field and reason and writes nothing', () => {
    const file = writeJsonLines(dataDir, 'difettoso.jsonl', [
      articleRecord(),
      articleRecord(),
      articleRecord({ section: 'Non Valida!' }),
    ]);
    const result = testata(['import', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Import refused: nothing was written.');
    expect(result.stderr).toMatch(/difettoso\.jsonl:3: section: must be lowercase letters/);
    expect(count('articles')).toBe(0);
  });

  test('an import killed half-way leaves the database as it was', async () => {
    const file = path.join(dataDir, 'grande.jsonl');
    fs.writeFileSync(file, execFileSync('node', [articleGenerator, '20000'], { maxBuffer: 1 << 30 }));
    const child = spawn('node', [bin, 'import', file], { env: env() });
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (/import: \d+ lines/.test(chunk.toString())) resolve();
      });
      child.on('exit', () => reject(new Error('import finished before it could be killed')));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(count('articles')).toBe(0);
  });

  test('serve loads the demo into an empty database, serves it, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn('node', [bin, 'serve'], { env: env({ PORT: String(port), LOG_LEVEL: 'info' }) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('Testata is serving'), 30_000);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Il Controvento');
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('stopping: finishing requests in flight');
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
