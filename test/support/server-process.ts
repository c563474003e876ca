// A real `testata serve` child process for tests that need one (signals, ports, logs): started with bin/testata.mjs
// on a free port, its output kept for the test to read.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const bin = path.resolve(import.meta.dirname, '../../bin/testata.mjs');

export type ServerProcess = {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  /** Everything written to stdout (pino's JSON lines) and stderr so far. */
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Stops the process if it still runs (SIGKILL) and removes its data directory. */
  dispose: () => Promise<void>;
};

export async function startServerProcess(
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-serve-'));
  const port = options.port ?? (await freePort());
  const child = spawn('node', [bin, 'serve'], {
    env: { PATH: process.env.PATH ?? '', TESTATA_DATA_DIR: dataDir, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    output: () => ({ stdout, stderr }),
    exited,
    dispose: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
