// Running Testata's own CLI for the benchmark: `import`, `db copy` and `serve` as child processes, each with a
// clean environment (only what the benchmark sets), plus reading a server's memory from /metrics.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { requestRaw, round } from './bench-http.mjs';
import {
  endedChildrenCpuSecondsOf,
  freePort,
  residentBytesOf,
  runProcess,
  startProcess,
  waitForHttp,
  watchPeakResident,
} from './bench-processes.mjs';
import { postmasterPid, redactUrl } from './bench-postgres.mjs';
import { summariseCpuProfile } from './cpu-profile-summary.mjs';

export const repoDir = fileURLToPath(new URL('../', import.meta.url));
export const testataBin = path.join(repoDir, 'bin', 'testata.mjs');
const cpuSecondsAtExit = pathToFileURL(path.join(repoDir, 'bench', 'cpu-seconds-at-exit.mjs')).href;

/** The environment of a Testata child: ours minus every setting Testata reads, then `dataDir` and `extra`. */
export function testataEnv(dataDir, extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TESTATA_')) delete env[key];
  for (const key of ['DATABASE_URL', 'DATABASE_POOL_SIZE', 'PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL', 'NODE_OPTIONS'])
    delete env[key];
  return { ...env, TESTATA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
}

/** Node flags for a profiled child (`--cpu-prof` is refused in NODE_OPTIONS, so it goes on the command line). */
export function profileArgs(options, name) {
  if (!options.profileDir) return [];
  const dir = path.join(options.profileDir, name);
  fs.mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

export function summariseProfiles(options, name) {
  if (!options.profileDir) return undefined;
  const dir = path.join(options.profileDir, name);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length === 0) return { error: `no .cpuprofile written in ${dir}` };
  const largest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  return summariseCpuProfile(largest, 15);
}

/**
 * `testata import FILE` (or another build of it, `bin`) into `dataDir` (SQLite) or `databaseUrl`; wall time, the
 * CLI's own figures, peak RSS, and CPU seconds: the import process's, its main thread's (Linux), and on a local
 * PostgreSQL its backend's.
 */
export async function importCorpus(
  corpus,
  { dataDir, databaseUrl, articles, profileName, options, log, bin = testataBin },
) {
  let watcher;
  let lastProgressAt = 0;
  const postmaster = databaseUrl ? await postmasterPid(databaseUrl) : undefined;
  const serverCpuBefore = postmaster && endedChildrenCpuSecondsOf(postmaster);
  let cpuSeconds;
  let mainThreadCpuSeconds;
  const { stdout, wallMs } = await runProcess(
    process.execPath,
    [...profileArgs(options, profileName), '--import', cpuSecondsAtExit, bin, 'import', corpus],
    {
      cwd: repoDir,
      env: testataEnv(dataDir, databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      onStart: (child) => (watcher = watchPeakResident(child.pid)),
      onStderrLine: (line) => {
        const cpu = /^bench-cpu-seconds: ([\d.]+)$/.exec(line)?.[1];
        if (cpu !== undefined) cpuSeconds = Number(cpu);
        const mainThreadCpu = /^bench-main-thread-cpu-seconds: ([\d.]+)$/.exec(line)?.[1];
        if (mainThreadCpu !== undefined) mainThreadCpuSeconds = Number(mainThreadCpu);
        if (Date.now() - lastProgressAt > 10_000 && line.startsWith('import:')) {
          lastProgressAt = Date.now();
          log(`  ${line}`);
        }
      },
    },
  );
  const peak = watcher?.stop();
  // The import's backend ends when its client disconnects, and is counted once the postmaster has reaped it.
  if (postmaster) await new Promise((resolve) => setTimeout(resolve, 500));
  const serverCpuAfter = postmaster && endedChildrenCpuSecondsOf(postmaster);
  const match = /Imported .*?: (\d+) created, (\d+) updated, (\d+) unchanged in ([\d.]+) s \((\d+) articles\/s\)/.exec(
    stdout,
  );
  if (!match) throw new Error(`could not read the import summary from: ${stdout}`);
  return {
    createdArticles: Number(match[1]),
    updatedArticles: Number(match[2]),
    wallSeconds: round(wallMs / 1000, 2),
    wallArticlesPerSecond: Math.round(articles / (wallMs / 1000)),
    cliSeconds: Number(match[4]),
    cliArticlesPerSecond: Number(match[5]),
    cliSummary: stdout.trim(),
    peakResidentBytes: peak,
    cpuSeconds: cpuSeconds === undefined ? undefined : round(cpuSeconds, 2),
    mainThreadCpuSeconds,
    serverCpuSeconds:
      serverCpuBefore === undefined || serverCpuAfter === undefined
        ? undefined
        : round(serverCpuAfter - serverCpuBefore, 2),
    profile: summariseProfiles(options, profileName),
  };
}

/** `testata related compute`: every queued related-articles list computed now (a server would do it in the background). */
export async function computeRelated(dataDir, { log }) {
  const { stdout, wallMs } = await runProcess(process.execPath, [testataBin, 'related', 'compute'], {
    cwd: repoDir,
    env: testataEnv(dataDir),
    onStderrLine: (line) => line.startsWith('related:') && log(`  ${line}`),
  });
  const match = /Related articles computed: (\d+) lists \((\d+) signatures\) in ([\d.]+) s/.exec(stdout);
  if (!match) throw new Error(`could not read the related summary from: ${stdout}`);
  const lists = Number(match[1]);
  return { lists, wallSeconds: round(wallMs / 1000, 2), msPerArticle: round(wallMs / Math.max(1, lists), 2) };
}

/** `testata db copy --from sqlite:FILE --to URL`: wall time and the per-table summary it prints (exit 0 = verified). */
export async function copyDatabase(sqliteFile, targetUrl, { dataDir, profileName, options, log }) {
  let watcher;
  let lastProgressAt = 0;
  const args = [
    ...profileArgs(options, profileName),
    testataBin,
    'db',
    'copy',
    '--from',
    `sqlite:${sqliteFile}`,
    '--to',
    targetUrl,
  ];
  const { stdout, wallMs } = await runProcess(process.execPath, args, {
    cwd: repoDir,
    env: testataEnv(dataDir),
    onStart: (child) => (watcher = watchPeakResident(child.pid)),
    onStderrLine: (line) => {
      if (Date.now() - lastProgressAt > 10_000 && line.startsWith('db copy:')) {
        lastProgressAt = Date.now();
        log(`  ${line}`);
      }
    },
  });
  const peak = watcher?.stop();
  const headline = /: (\d+) rows in ([\d.]+) s \((\d+) rows\/s\); (.*)\./.exec(stdout);
  const tables = [...stdout.matchAll(/^ {2}(\w+)\s+(\d+)\s+ok (\w+)/gm)].map((m) => ({
    table: m[1],
    rows: Number(m[2]),
  }));
  return {
    command: `testata db copy --from sqlite:${path.basename(sqliteFile)} --to ${redactUrl(targetUrl)}`,
    wallSeconds: round(wallMs / 1000, 2),
    rows: headline ? Number(headline[1]) : undefined,
    cliSeconds: headline ? Number(headline[2]) : undefined,
    rowsPerSecond: headline ? Number(headline[3]) : undefined,
    verdict: headline?.[4],
    articles: tables.find((t) => t.table === 'articles')?.rows,
    tables,
    summary: stdout.trim(),
    peakResidentBytes: peak,
    profile: summariseProfiles(options, profileName),
  };
}

/** Node flags of `npm start`, so the benchmark runs the server exactly as a newsroom would. */
const startNodeFlags = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'))
  .scripts.start.split(/\s+/)
  .filter((token) => token.startsWith('--'));

/** `testata serve` on a free loopback port; resolves once /healthz answers 200. */
export async function startTestata(dataDir, extraEnv, log, label, extraNodeArgs = []) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = startProcess(process.execPath, [...startNodeFlags, ...extraNodeArgs, testataBin, 'serve'], {
    cwd: repoDir,
    env: testataEnv(dataDir, { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, ...extraEnv }),
    onStderrLine: (line) => line.trim() && log(`  [${label} stderr] ${line.slice(0, 300)}`),
  });
  const startedAt = performance.now();
  await waitForHttp(`${base}/healthz`, child, 120_000);
  log(`${label} server pid ${child.pid} on ${base} (ready in ${round((performance.now() - startedAt) / 1000, 2)} s)`);
  return { child, port, base, startupSeconds: round((performance.now() - startedAt) / 1000, 2) };
}

export async function memoryOf(server) {
  const metrics = await requestRaw(`${server.base}/metrics`);
  const text = metrics.body.toString('utf8');
  const metric = (name) => {
    const match = new RegExp(`^${name} (\\d+)`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return {
    metricsResidentBytes: metric('process_resident_memory_bytes'),
    procResidentBytes: residentBytesOf(server.child.pid),
    pageCacheEntries: metric('testata_page_cache_entries'),
  };
}
