import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { articleGenerator } from '../support/article-records.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/testata.mjs');
const hasPostgres = testDatabaseKinds.includes('postgres');

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-db-cli-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const liveFile = () => path.join(dataDir, 'testata.db');
const testata = (args: string[], extra: Record<string, string> = {}) =>
  spawnSync('node', [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', TESTATA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** The live SQLite database of `dataDir`, with `count` corpus articles imported through the CLI. */
function importCorpus(count: number): void {
  const file = path.join(dataDir, 'articoli.jsonl');
  fs.writeFileSync(file, execFileSync('node', [articleGenerator, String(count)], { maxBuffer: 1 << 30 }));
  expect(testata(['import', file]).status).toBe(0);
}

function countArticles(file: string): number {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select count(*) as n from articles').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

// Each test starts several processes; a shared, busy machine can make that slow.
describe('testata db copy', { timeout: 60_000 }, () => {
  test.skipIf(!hasPostgres)(
    'copies SQLite into PostgreSQL, exits 0 and prints a verified summary per table',
    async () => {
      importCorpus(200);
      const postgres = await createPostgresDatabase();
      try {
        const result = testata([
          'db',
          'copy',
          '--from',
          `sqlite:${liveFile()}`,
          '--to',
          postgres.url,
          '--batch-size',
          '64',
        ]);
        expect(result.stderr).toMatch(/^db copy: copying articles 200\/200, \d+% of \d+ rows, \d+ rows\/s$/m);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(
          /^Copied sqlite:.*testata\.db → postgres:\/\/.*: \d+ rows in [\d.]+ s \(\d+ rows\/s\); every table verified\.$/m,
        );
        expect(result.stdout).toMatch(/^ {2}articles +200 {2}ok [0-9a-f]{12}$/m);
        for (const table of [
          'publication',
          'authors',
          'sections',
          'tags',
          'article_tags',
          'redirects',
          'content_changes',
          'jobs',
        ]) {
          expect(result.stdout).toMatch(new RegExp(`^  ${table} +\\d+  ok `, 'm'));
        }

        const again = testata(['db', 'copy', '--from', `sqlite:${liveFile()}`, '--to', postgres.url]);
        expect(again.status).toBe(1);
        expect(again.stderr).toMatch(
          /^db copy: --to: the target already holds content \(.*articles: 200.*\); nothing was written$/m,
        );
        expect(testata(['db', 'copy', '--from', `sqlite:${liveFile()}`, '--to', postgres.url, '--force']).status).toBe(
          0,
        );
      } finally {
        await postgres.drop();
      }
    },
  );

  test('a bad --to, a missing option or a bad batch size exits 2 with the reason', () => {
    const badTarget = testata(['db', 'copy', '--from', 'sqlite:a.db', '--to', 'mysql://localhost/testata']);
    expect(badTarget.status).toBe(2);
    expect(badTarget.stderr).toContain('--to: must be sqlite:PATH or postgres://');
    expect(badTarget.stderr).toContain('"mysql://localhost/testata" has the scheme mysql:');

    const missing = testata(['db', 'copy', '--from', 'sqlite:a.db']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("required option '--to <location>' not specified");

    const batch = testata(['db', 'copy', '--from', 'sqlite:a.db', '--to', 'sqlite:b.db', '--batch-size', 'mille']);
    expect(batch.status).toBe(2);
    expect(batch.stderr).toContain('--batch-size: expected a whole number of rows between 1 and 100000');
  });

  test('a source file that does not exist exits 2 and is not created', () => {
    const result = testata([
      'db',
      'copy',
      '--from',
      `sqlite:${path.join(dataDir, 'assente.db')}`,
      '--to',
      `sqlite:${path.join(dataDir, 'copia.db')}`,
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--from: no database file at');
    expect(fs.existsSync(path.join(dataDir, 'assente.db'))).toBe(false);
  });

  test('db verify exits 0 for equal databases and 1, naming the table, when a row differs', () => {
    importCorpus(50);
    const copy = path.join(dataDir, 'copia.db');
    expect(testata(['db', 'copy', '--from', `sqlite:${liveFile()}`, '--to', `sqlite:${copy}`]).status).toBe(0);
    expect(testata(['db', 'verify', '--from', `sqlite:${liveFile()}`, '--to', `sqlite:${copy}`]).status).toBe(0);

    const db = new SqliteDatabase(copy);
    db.prepare("update articles set title = 'Titolo cambiato' where id = (select min(id) from articles)").run();
    db.close();
    const result = testata(['db', 'verify', '--from', `sqlite:${liveFile()}`, '--to', `sqlite:${copy}`]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^ {2}articles +50 {2}DIFFERENT \(source [0-9a-f]{12}, target [0-9a-f]{12}\)$/m);
    expect(result.stderr).toContain('Verification failed for: articles.');
  });
});

describe('testata backup', { timeout: 60_000 }, () => {
  test('writes a file that opens as a SQLite database with the same article count', () => {
    importCorpus(120);
    const backup = path.join(dataDir, 'copie', 'testata-backup.db');
    fs.mkdirSync(path.dirname(backup));

    const result = testata(['backup', backup]);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^Backed up to .*testata-backup\.db: [\d.]+ MB, 120 articles, in [\d.]+ s; integrity check ok\.$/m,
    );
    expect(countArticles(backup)).toBe(120);
    expect(countArticles(backup)).toBe(countArticles(liveFile()));
  });

  test('finishes while another connection keeps writing to the live database', async () => {
    importCorpus(10_000);
    const writer = new SqliteDatabase(liveFile());
    writer.pragma('busy_timeout = 5000');
    const record = writer.prepare("insert into content_changes (id, keys, created_at) values (?, '[]', ?)");
    let writes = 0;
    // A write every millisecond: a backup copied in small steps restarts at each one and never ends.
    const timer = setInterval(() => record.run(`scrittura-${++writes}`, new Date().toISOString()), 1);
    const backup = path.join(dataDir, 'durante.db');
    const child = spawn('node', [bin, 'backup', backup], {
      env: { PATH: process.env.PATH ?? '', TESTATA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
    try {
      const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(status).toBe(0);
      expect(writes).toBeGreaterThan(100);
      expect(countArticles(backup)).toBe(10_000);
    } finally {
      child.kill();
      clearInterval(timer);
      writer.close();
    }
  });

  test('refuses to overwrite an existing file', () => {
    importCorpus(5);
    const existing = path.join(dataDir, 'esistente.db');
    fs.writeFileSync(existing, 'da non toccare');
    const result = testata(['backup', existing]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('already exists');
    expect(fs.readFileSync(existing, 'utf8')).toBe('da non toccare');
  });

  test('on PostgreSQL prints the pg_dump command to use instead and exits 2', () => {
    const result = testata(['backup', 'testata.dump'], {
      DATABASE_URL: 'postgres://redazione:segreta@db.example:5432/testata',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('pg_dump --format=custom --file=testata.dump "$DATABASE_URL"');
    expect(result.stderr).not.toContain('segreta');
    expect(testata(['backup', '--help']).stdout).toContain('pg_dump --format=custom');
  });
});
