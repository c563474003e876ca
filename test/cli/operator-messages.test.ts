// What an operator reads when `testata` cannot do its job for a reason outside it (issue 20 F13): one line
// saying what and why, a non-zero exit, no stack trace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/testata.mjs');

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-operator-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('operator messages', () => {
  test('a port in use: one line naming the address, exit code 1', async () => {
    const occupier = net.createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    const { port } = occupier.address() as net.AddressInfo;
    const server = await startServerProcess({ LOG_LEVEL: 'warn', HOST: '127.0.0.1' }, { port });
    try {
      expect(await server.exited).toBe(1);
      expect(server.output().stderr).toBe(`cannot listen on 127.0.0.1:${port}: address already in use\n`);
      expect(server.output().stdout).not.toMatch(/\bat .*\.m?[jt]s:\d+/);
    } finally {
      await server.dispose();
      occupier.close();
    }
  }, 60_000);

  test('a database migrated by a newer Testata: one line naming the unknown migration, exit code 1', () => {
    const env = { PATH: process.env.PATH ?? '', TESTATA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    expect(spawnSync('node', [bin, 'migrate'], { env, encoding: 'utf8' }).status).toBe(0);
    const db = new Database(path.join(dataDir, 'testata.db'));
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(
      '0900-from-the-future',
      new Date().toISOString(),
    );
    db.close();

    const result = spawnSync('node', [bin, 'migrate'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('migrated by a newer version of Testata');
    expect(lines[0]).toContain('0900-from-the-future');
  }, 60_000);
});
