// Issue 20 F6: `testata import` refuses what is not a JSON Lines file of UTF-8 text with one line naming the
// cause (the line and byte where it can), never a stack trace, and writes nothing; a byte order mark is fine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { articleRecord } from '../support/article-records.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/testata.mjs');

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-import-checks-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const testata = (args: string[]) =>
  spawnSync('node', [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', TESTATA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
const articleCount = () => {
  const db = new Database(path.join(dataDir, 'testata.db'), { readonly: true });
  try {
    return (db.prepare('select count(*) as n from articles').get() as { n: number }).n;
  } finally {
    db.close();
  }
};
const writeFile = (name: string, content: string | Buffer) => {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, content);
  return file;
};
const line = (overrides: Record<string, unknown> = {}) => `${JSON.stringify(articleRecord(overrides))}\n`;

// Each test starts the CLI once or twice (a few seconds each on a busy machine): a bound for "did not hang".
describe('testata import checks its file', { timeout: 90_000 }, () => {
  test('refuses bytes that are not UTF-8, naming the line and the byte, and writes nothing', () => {
    // "Città" written in Latin-1, as an export from an old system may be.
    const latin1 = Buffer.from(line({ title: 'Citt\u00e0 in festa' }), 'latin1');
    const file = writeFile('latin1.jsonl', Buffer.concat([Buffer.from(line()), latin1]));
    const offset = latin1.indexOf(0xe0);
    const result = testata(['import', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `latin1.jsonl:2: (line): is not valid UTF-8: byte 0xE0 at byte ${offset + 1} of the line ` +
        `(${Buffer.byteLength(line()) + offset + 1} of the file); save the file as UTF-8`,
    );
    expect(articleCount()).toBe(0);
  });

  test('reads a file that starts with a byte order mark', () => {
    const file = writeFile('bom.jsonl', `\uFEFF${line()}${line()}`);
    const result = testata(['import', file]);
    expect(result.stderr).not.toContain('problem');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 created');
  });

  test('refuses a directory in one line', () => {
    const result = testata(['import', dataDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`Cannot import ${dataDir}: it is a directory, not a file.\n`);
  });

  test('refuses a device such as /dev/zero in one line, without reading it', () => {
    const result = testata(['import', '/dev/zero']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('Cannot import /dev/zero: it is not a regular file (a device or a socket).\n');
  });

  test('stops at a line too long to be an article, naming it', () => {
    const file = writeFile('lungo.jsonl', `${line()}{"title": "${'x'.repeat(9 * 1024 * 1024)}`);
    const result = testata(['import', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('lungo.jsonl:2: (line): is longer than 8 MiB');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(articleCount()).toBe(0);
  });

  test('fails on a file with no article, unless told an empty file is fine', () => {
    const file = writeFile('vuoto.jsonl', '\n\n');
    const refused = testata(['import', file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`No articles in ${file}: it is empty or holds only blank lines`);
    const allowed = testata(['import', '--allow-empty', file]);
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toContain(`Warning: no articles in ${file}`);
  });

  test('names what a line is when it is not an article, and the field and character of a control character', () => {
    const file = writeFile(
      'tipi.jsonl',
      `42\n[]\n${line({ title: 7 })}${line({ title: 'Titolo con un NUL \u0000 dentro' })}${line()}`,
    );
    const result = testata(['import', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tipi.jsonl:1: (line): must be a JSON object, got number\n');
    expect(result.stderr).toContain('tipi.jsonl:2: (line): must be a JSON object, got a list\n');
    expect(result.stderr).toContain('tipi.jsonl:3: title: must be a string, got number\n');
    expect(result.stderr).toContain(
      'tipi.jsonl:4: title: must not contain control characters: U+0000 at character 19\n',
    );
    expect(articleCount()).toBe(0);
  });
});
