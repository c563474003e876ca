#!/usr/bin/env node
// `npm run bench`: imports a generated corpus, serves it from SQLite and/or PostgreSQL, measures cached and
// uncached pages with wrk and sequential first hits, times `db copy`, runs two processes behind nginx and
// cross-process invalidation on PostgreSQL, compares with nginx serving the same HTML, measures readers beside
// CLI jobs on SQLite (bench/bench-beside-jobs.mjs), prints the targets table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatBesideJobs, measureBesideJobs } from '../bench/bench-beside-jobs.mjs';
import { evaluateTargets, formatReport } from '../bench/bench-report.mjs';
import { cleanUp, commandExists, installCleanupHandlers, keepTempDirs, runProcess } from '../bench/bench-processes.mjs';
import { defaultPostgresUrl, postgresAdminUrl, probePostgres, redactUrl } from '../bench/bench-postgres.mjs';
import { runScale } from '../bench/bench-scale.mjs';
import { runWrkMedian } from '../bench/bench-wrk.mjs';
import { nginxVersion, startNginx } from '../bench/nginx-baseline.mjs';

const usage = `Usage: npm run bench -- [options]          (every option also reads BENCH_<NAME> from the environment)

  --articles N         corpus size of the main run (default 10000; BENCH_ARTICLES)
  --database D         sqlite, postgres or both (default: both when PostgreSQL answers at BENCH_PG_URL, else
                       sqlite with a note; BENCH_DATABASE). PostgreSQL runs on a fresh database testata_bench_<random>
                       filled by a timed \`testata db copy\` from the SQLite import, dropped at exit (also on Ctrl-C)
  --pg-url URL         PostgreSQL server to create the throwaway databases on (default ${defaultPostgresUrl};
                       BENCH_PG_URL); the user must be allowed to create databases
  --skip-pg-import     on PostgreSQL, no timed \`testata import\` into a second fresh database (BENCH_SKIP_PG_IMPORT=1)
  --skip-pg-analyze    measure right after the copy, without VACUUM (ANALYZE) (BENCH_SKIP_PG_ANALYZE=1)
  --skip-cluster       on PostgreSQL, no two-processes-behind-nginx runs and no invalidation test (BENCH_SKIP_CLUSTER=1)
  --skip-proxy-control no "one process behind nginx" control runs before the two-process ones (BENCH_SKIP_PROXY_CONTROL=1)
  --proxy-workers W    worker_processes of the nginx load balancer: 1 or auto (default 1; BENCH_PROXY_WORKERS)
  --invalidation-repeats N  cross-process invalidation measurements, each with a new title (default 5; 0 = none;
                       BENCH_INVALIDATION_REPEATS)
  --duration S         seconds per wrk run (default 10; BENCH_DURATION)
  --connections C      wrk connections (default 32; BENCH_CONNECTIONS)
  --threads T          wrk threads (default 2; BENCH_THREADS)
  --repeat N           runs of each wrk measurement; the median by req/s is reported (default 1; BENCH_REPEAT)
  --render-samples N   distinct articles timed for the uncached render (default 2000; BENCH_RENDER_SAMPLES)
  --crawl-pages N      distinct articles requested on the cached server before reading its RSS (default 6000,
                       more than the default page cache keeps; BENCH_CRAWL_PAGES)
  --with-100k          after the main run, a second full pass with 100,000 articles (import time, uncached
                       render, RSS after serving); takes several minutes (BENCH_WITH_100K=1)
  --skip-100k          no 100k pass (the default)
  --skip-nginx         no nginx baseline (then the ratio target is n/a)
  --skip-beside-jobs   no run of readers beside \`import\`, \`related compute\`, \`search rebuild\` and \`page set\` on a
                       SQLite server (bench/bench-beside-jobs.mjs, the main pass's corpus size; BENCH_SKIP_BESIDE_JOBS=1)
  --cpu-prof           run import and servers with node --cpu-prof; profiles in bench/out/, top self-time listed
  --strict             exit with status 3 when a target is missed
  --keep-temp          keep the temp dirs (corpus, database, nginx config) for inspection
  -h, --help

The 100k targets (uncached render, import, RSS) are judged on the largest corpus run; for the real figures use
--articles 100000 or --with-100k. The corpus comes from bench/generate-articles.mjs (BENCH_CORPUS_GENERATOR to
use another). Results: bench/out/results-<timestamp>.json and report-<timestamp>.md.
Needs wrk and nginx: apt-get install -y wrk nginx`;

const repoDir = fileURLToPath(new URL('../', import.meta.url));
const log = (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function readOptions() {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      threads: { type: 'string' },
      'render-samples': { type: 'string' },
      repeat: { type: 'string' },
      'crawl-pages': { type: 'string' },
      'with-100k': { type: 'boolean' },
      'skip-100k': { type: 'boolean' },
      'skip-nginx': { type: 'boolean' },
      'skip-beside-jobs': { type: 'boolean' },
      'cpu-prof': { type: 'boolean' },
      'keep-temp': { type: 'boolean' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      database: { type: 'string' },
      'pg-url': { type: 'string' },
      'skip-pg-import': { type: 'boolean' },
      'skip-pg-analyze': { type: 'boolean' },
      'skip-cluster': { type: 'boolean' },
      'skip-proxy-control': { type: 'boolean' },
      'proxy-workers': { type: 'string' },
      'invalidation-repeats': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const env = (name) => process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const positive = (name, fallback) => {
    const raw = values[name] ?? env(name) ?? String(fallback);
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new UsageError(`--${name} must be a whole number from 1, not ${JSON.stringify(raw)}`);
    return value;
  };
  const flag = (name) => values[name] ?? ['1', 'true', 'yes'].includes(env(name) ?? '');
  const oneOf = (name, allowed, fallback) => {
    const raw = values[name] ?? env(name) ?? fallback;
    if (raw !== undefined && !allowed.includes(raw))
      throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}`);
    return raw;
  };
  const invalidationRepeats = Number(values['invalidation-repeats'] ?? env('invalidation-repeats') ?? 5);
  if (!Number.isInteger(invalidationRepeats) || invalidationRepeats < 0)
    throw new UsageError('--invalidation-repeats must be a whole number from 0');
  return {
    database: oneOf('database', ['sqlite', 'postgres', 'both'], undefined),
    postgresUrl: values['pg-url'] ?? postgresAdminUrl(),
    skipPgImport: flag('skip-pg-import'),
    skipPgAnalyze: flag('skip-pg-analyze'),
    skipCluster: flag('skip-cluster'),
    skipProxyControl: flag('skip-proxy-control'),
    proxyWorkers: oneOf('proxy-workers', ['1', 'auto'], '1'),
    invalidationRepeats,
    articles: positive('articles', 10_000),
    durationSeconds: positive('duration', 10),
    connections: positive('connections', 32),
    threads: positive('threads', 2),
    repeat: positive('repeat', 1),
    renderSamples: positive('render-samples', 2000),
    crawlPages: positive('crawl-pages', 6000),
    with100k: flag('with-100k') && !flag('skip-100k'),
    skipNginx: flag('skip-nginx'),
    skipBesideJobs: flag('skip-beside-jobs'),
    cpuProf: flag('cpu-prof'),
    keepTemp: flag('keep-temp'),
    strict: flag('strict'),
  };
}

class UsageError extends Error {}
/** Something the run needs is missing (PostgreSQL asked for but not answering): the message alone, exit 1. */
class SetupError extends Error {}

async function machineInfo() {
  const wrk = await runProcess('wrk', ['--version'], { allowFailure: true });
  const git = async (...args) =>
    (
      await runProcess('git', ['-C', repoDir, ...args], { allowFailure: true }).catch(() => ({ stdout: '' }))
    ).stdout.trim();
  const changedSources = (await git('status', '--porcelain', '--', 'src', 'bin/testata.mjs'))
    .split('\n')
    .filter(Boolean).length;
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    totalMemoryBytes: os.totalmem(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    wrk: (wrk.stdout.split('\n')[0] ?? 'wrk').replace(/\s+Copyright.*/, ''),
    nginx: await nginxVersion().catch(() => undefined),
    commit: `${(await git('rev-parse', '--short', 'HEAD')) || 'unknown'}${changedSources ? ` + ${changedSources} uncommitted change(s) in src/` : ''}`,
  };
}

/** Which databases to measure: --database, or both when PostgreSQL answers, else SQLite with a note. */
async function chooseDatabases(options) {
  const wantsPostgres = options.database !== 'sqlite';
  const probe = wantsPostgres ? await probePostgres(options.postgresUrl) : undefined;
  if (probe && !probe.isReachable) {
    const reason = `PostgreSQL did not answer at ${redactUrl(options.postgresUrl)}: ${probe.error}`;
    if (options.database)
      throw new SetupError(
        `--database ${options.database}: ${reason}. Set BENCH_PG_URL or --pg-url, or use --database sqlite.`,
      );
    const note = `${reason}; measuring SQLite only (set BENCH_PG_URL or start PostgreSQL for the side-by-side run)`;
    log(`note: ${note}`);
    return { databases: ['sqlite'], note };
  }
  if (probe?.staleBenchDatabases.length) {
    log(
      `note: ${probe.staleBenchDatabases.length} testata_bench_* database(s) already exist (${probe.staleBenchDatabases.join(', ')}): another run, or one killed with SIGKILL; left alone`,
    );
  }
  const databases = { sqlite: ['sqlite'], postgres: ['postgres'], both: ['sqlite', 'postgres'] }[
    options.database ?? 'both'
  ];
  return {
    databases,
    postgres: probe && { version: probe.version, settings: probe.settings, url: redactUrl(options.postgresUrl) },
  };
}

async function measureNginx(scale, options) {
  const results = {};
  for (const [key, workers] of [
    ['oneWorker', 1],
    ['autoWorkers', 'auto'],
  ]) {
    const nginx = await startNginx({ html: scale.articleHtml, urlPath: scale.urls.article, workers });
    try {
      log(`wrk nginx worker_processes ${nginx.workers} (gzip_static) ${nginx.url}`);
      const run = await runWrkMedian(nginx.url, options);
      results[key] = { workers: nginx.workers, ...run };
      log(`  ${Math.round(run.requestsPerSecond)} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms`);
    } finally {
      await nginx.stop();
    }
  }
  return results;
}

async function main() {
  const options = readOptions();
  const needsNginx = !options.skipNginx || (options.database !== 'sqlite' && !options.skipCluster);
  const missing = ['wrk', ...(needsNginx ? ['nginx'] : [])].filter((c) => !commandExists(c));
  if (missing.length > 0) {
    process.stderr.write(`Missing ${missing.join(' and ')}. Install with:\n  apt-get install -y wrk nginx\n`);
    return 1;
  }
  installCleanupHandlers(log);
  if (options.keepTemp) keepTempDirs();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outDir = path.join(repoDir, 'bench', 'out');
  const profileDir = options.cpuProf ? path.join(outDir, `profiles-${stamp}`) : undefined;
  const choice = await chooseDatabases(options);
  const scaleOptions = { ...options, databases: choice.databases, profileDir, log };
  const results = {
    startedAt: startedAt.toISOString(),
    machine: { ...(await machineInfo()), postgres: choice.postgres },
    config: {
      ...options,
      postgresUrl: redactUrl(options.postgresUrl),
      databases: choice.databases,
      databaseNote: choice.note,
      profileDir,
    },
    scales: [],
  };
  const sizes = [options.articles, ...(options.with100k && options.articles !== 100_000 ? [100_000] : [])];
  for (const articles of sizes) {
    log(`=== pass with ${articles.toLocaleString('en-US')} articles ===`);
    results.scales.push(await runScale(articles, scaleOptions));
    if (results.scales.length === 1 && !options.skipNginx)
      results.nginx = await measureNginx(results.scales[0], options);
  }
  if (!options.skipBesideJobs) results.besideJobs = await measureBesideJobs({ articles: options.articles, log });
  results.targets = evaluateTargets(results);
  const report = [formatReport(results), ...(results.besideJobs ? [formatBesideJobs(results.besideJobs)] : [])].join(
    '\n\n',
  );
  fs.mkdirSync(outDir, { recursive: true });
  const jsonFile = path.join(outDir, `results-${stamp}.json`);
  const forJson = {
    ...results,
    scales: results.scales.map(({ articleHtml, ...scale }) => ({
      ...scale,
      articleHtmlBytes: Buffer.byteLength(articleHtml ?? ''),
    })),
  };
  fs.writeFileSync(jsonFile, `${JSON.stringify(forJson, (key, value) => (key === 'raw' ? undefined : value), 2)}\n`);
  fs.writeFileSync(path.join(outDir, `report-${stamp}.md`), `${report}\n`);
  process.stdout.write(`${report}\n\nResults: ${path.relative(process.cwd(), jsonFile)}\n`);
  return options.strict && results.targets.some((row) => row.pass === false) ? 3 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  const message =
    error instanceof UsageError
      ? `${error.message}\n\n${usage}`
      : error instanceof SetupError
        ? error.message
        : `bench failed: ${error.stack ?? error}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  await cleanUp();
}
