// Runs `testata …` in its own process on a test site's database and data dir, as a newsroom's sysadmin would
// beside the running server, with `input` on its standard input (a pipe, as in a script).
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TestSite } from './test-site.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/testata.mjs');

export type CommandResult = { status: number | null; stdout: string; stderr: string };

export function runSiteCommand(site: TestSite, args: string[], input = ''): Promise<CommandResult> {
  const location = site.testata.config.database;
  const env = {
    PATH: process.env.PATH ?? '',
    TESTATA_DATA_DIR: site.dataDir,
    LOG_LEVEL: 'warn',
    DATABASE_URL: location.kind === 'postgres' ? location.url : `sqlite:${location.file}`,
  };
  return new Promise((resolve) => {
    const child = spawn('node', [bin, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
