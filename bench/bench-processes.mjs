// Child processes and temp dirs of the benchmark, tracked so that every exit path (normal end, error,
// Ctrl-C, SIGTERM) stops the servers, nginx and wrk it started and deletes the dirs it made.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const children = new Set();
const tempDirs = new Set();
const cleanupHooks = new Set();
let isKeepingTemp = false;

/**
 * Registers extra cleanup (e.g. dropping a PostgreSQL database): `run` is awaited by cleanUp(), `runSync` is the
 * fallback on process 'exit' where nothing can be awaited. Returns a function that unregisters it.
 */
export function onCleanUp({ run, runSync }) {
  const hook = { run, runSync };
  cleanupHooks.add(hook);
  return () => cleanupHooks.delete(hook);
}

export function keepTempDirs() {
  isKeepingTemp = true;
}

export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  if (isKeepingTemp) return;
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Spawns a tracked child; `onStderrLine` sees its stderr line by line. */
export function startProcess(command, args, { env, cwd, onStderrLine, onStdoutLine, stdoutFd } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'] });
  children.add(child);
  child.stdoutText = '';
  child.stderrText = '';
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      children.delete(child);
      child.spawnError = error;
      resolve({ code: -1, signal: null });
    });
  });
  if (child.stdout)
    forwardLines(child.stdout, (line) => {
      if (child.stdoutText.length < 1_000_000) child.stdoutText += `${line}\n`;
      onStdoutLine?.(line);
    });
  forwardLines(child.stderr, (line) => {
    if (child.stderrText.length < 200_000) child.stderrText += `${line}\n`;
    onStderrLine?.(line);
  });
  return child;
}

function forwardLines(stream, onLine) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => pending && onLine(pending));
}

/** Runs a command to completion (SIGKILL after `timeoutMs` if given); rejects on a non-zero exit with its stderr. */
export async function runProcess(command, args, options = {}) {
  const startedAt = performance.now();
  const child = startProcess(command, args, options);
  options.onStart?.(child);
  let timedOut = false;
  const timer =
    options.timeoutMs &&
    setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  const wallMs = performance.now() - startedAt;
  if (child.spawnError) throw new Error(`${command}: ${child.spawnError.message}`);
  if (code !== 0 && !options.allowFailure) {
    const reason = timedOut ? `was killed after ${options.timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
    throw new Error(`${command} ${args.join(' ')} ${reason}:\n${child.stderrText.slice(-4000)}`);
  }
  return { code, signal, timedOut, wallMs, stdout: child.stdoutText, stderr: child.stderrText, pid: child.pid };
}

/** SIGTERM (graceful: lets a --cpu-prof server write its profile), then SIGKILL after the timeout. */
export async function stopProcess(child, { signal = 'SIGTERM', timeoutMs = 15_000 } = {}) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await child.exited;
  clearTimeout(timer);
}

export function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** A free loopback port (closed again before use: good enough on a quiet machine). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `url` answers 200, failing early if the child dies. */
export async function waitForHttp(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(
        `process exited (${child.exitCode ?? child.signalCode}) before ${url} answered:\n${child.stderrText?.slice(-4000) ?? ''}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

/** Resident set size of a process from /proc, in bytes (undefined off Linux). */
export function residentBytesOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return rss === undefined ? undefined : Number(rss) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) used by the children of a process that have ended, from /proc (undefined off Linux). */
export function endedChildrenCpuSecondsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}

const clockTicksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** Samples a process's RSS every `intervalMs`; `stop()` returns the peak seen. */
export function watchPeakResident(pid, intervalMs = 250) {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, residentBytesOf(pid) ?? 0);
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      return peak || undefined;
    },
  };
}

/** Stops everything still running and removes temp dirs; safe to call twice. */
export async function cleanUp() {
  await Promise.all([...children].map((child) => stopProcess(child, { timeoutMs: 3000 })));
  for (const hook of [...cleanupHooks]) {
    cleanupHooks.delete(hook);
    await hook.run().catch((error) => process.stderr.write(`cleanup: ${error.message}\n`));
  }
  cleanUpSync();
}

/** For process 'exit': no awaiting possible, so SIGTERM (nginx's master then stops its workers). */
export function cleanUpSync() {
  for (const child of children) child.kill('SIGTERM');
  for (const hook of [...cleanupHooks]) {
    cleanupHooks.delete(hook);
    try {
      hook.runSync();
    } catch (error) {
      process.stderr.write(`cleanup: ${error.message}\n`);
    }
  }
  if (isKeepingTemp) return;
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export function installCleanupHandlers(log) {
  let isStopping = false;
  const onSignal = (signal) => {
    if (isStopping) return;
    isStopping = true;
    log(`${signal}: stopping servers, nginx and wrk, removing temp dirs`);
    cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', cleanUpSync);
}
