// One benchmark pass at one corpus size: generate, import, serve (cached) under wrk, page weight, fill the
// page cache with first hits, then a second server with the page cache off for uncached renders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expectOk, requestRaw, round, summarise, timeSequentialRequests } from './bench-http.mjs';
import {
  freePort, makeTempDir, removeTempDir, residentBytesOf, runProcess, startProcess, stopProcess, waitForHttp, watchPeakResident,
} from './bench-processes.mjs';
import { benchAcceptEncoding, runWrkMedian, writePathWalkingScript } from './bench-wrk.mjs';
import { summariseCpuProfile } from './cpu-profile-summary.mjs';
import { measurePageWeight } from './page-weight.mjs';

const repoDir = fileURLToPath(new URL('../', import.meta.url));
const testataBin = path.join(repoDir, 'bin', 'testata.mjs');
const corpusGenerator = process.env.BENCH_CORPUS_GENERATOR ?? path.resolve(repoDir, '../shared/corpus/generate.mjs');
const defaultPageCacheEntries = 5000;

/**
 * @param {number} articles
 * @param {{ durationSeconds: number, connections: number, threads: number, renderSamples: number,
 *   crawlPages: number, profileDir?: string, log: (m: string) => void }} options
 */
export async function runScale(articles, options) {
  const { log } = options;
  const dir = makeTempDir(`testata-bench-${articles}-`);
  const dataDir = path.join(dir, 'data');
  const result = { articles, wrk: {}, loadAverageAtStart: os.loadavg().map((l) => round(l, 2)) };
  try {
    const corpus = path.join(dir, 'articles.jsonl');
    log(`generating ${articles} articles with ${corpusGenerator}`);
    result.corpus = await generateCorpus(articles, corpus);
    const paths = await readArticlePaths(corpus);
    result.corpus.articlePaths = paths.length;

    log(`importing ${articles} articles (testata import)`);
    result.import = await importCorpus(corpus, dataDir, articles, options, log);
    log(`import: ${result.import.createdArticles} created in ${result.import.wallSeconds} s wall (${result.import.wallArticlesPerSecond}/s); CLI says ${result.import.cliSeconds} s (${result.import.cliArticlesPerSecond}/s)`);

    const articlePath = paths[Math.floor(paths.length / 2)];
    result.urls = { home: '/', article: articlePath, section: '/esteri/', api: '/api/v1/articles' };
    await measureCachedServer(result, { dataDir, paths, options, log });
    await measureUncachedServer(result, { dir, dataDir, paths, options, log });
    result.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
    return result;
  } finally {
    removeTempDir(dir);
  }
}

async function generateCorpus(articles, file) {
  const out = fs.openSync(file, 'w');
  try {
    const { wallMs } = await runProcess(process.execPath, [corpusGenerator, String(articles)], { stdoutFd: out });
    return { file: path.basename(file), bytes: fs.statSync(file).size, generateSeconds: round(wallMs / 1000, 2) };
  } finally {
    fs.closeSync(out);
  }
}

async function readArticlePaths(file) {
  const paths = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { section, slug } = JSON.parse(line);
    paths.push(`/${section}/${slug}/`);
  }
  return paths;
}

function testataEnv(dataDir, extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TESTATA_')) delete env[key];
  for (const key of ['DATABASE_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL', 'NODE_OPTIONS']) delete env[key];
  return { ...env, TESTATA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
}

/** Node flags for a profiled child (`--cpu-prof` is refused in NODE_OPTIONS, so it goes on the command line). */
function profileArgs(options, name) {
  if (!options.profileDir) return [];
  const dir = path.join(options.profileDir, name);
  fs.mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

function summariseProfiles(options, name) {
  if (!options.profileDir) return undefined;
  const dir = path.join(options.profileDir, name);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length === 0) return { error: `no .cpuprofile written in ${dir}` };
  const largest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  return summariseCpuProfile(largest, 15);
}

async function importCorpus(corpus, dataDir, articles, options, log) {
  const name = `${articles}-import`;
  let watcher;
  let lastProgressAt = 0;
  const { stdout, wallMs } = await runProcess(process.execPath, [...profileArgs(options, name), testataBin, 'import', corpus], {
    cwd: repoDir,
    env: testataEnv(dataDir),
    onStart: (child) => (watcher = watchPeakResident(child.pid)),
    onStderrLine: (line) => {
      if (Date.now() - lastProgressAt > 10_000 && line.startsWith('import:')) {
        lastProgressAt = Date.now();
        log(`  ${line}`);
      }
    },
  });
  const peak = watcher?.stop();
  const match = /Imported .*?: (\d+) created, (\d+) updated, (\d+) unchanged in ([\d.]+) s \((\d+) articles\/s\)/.exec(stdout);
  if (!match) throw new Error(`could not read the import summary from: ${stdout}`);
  const created = Number(match[1]);
  return {
    createdArticles: created,
    updatedArticles: Number(match[2]),
    wallSeconds: round(wallMs / 1000, 2),
    wallArticlesPerSecond: Math.round(articles / (wallMs / 1000)),
    cliSeconds: Number(match[4]),
    cliArticlesPerSecond: Number(match[5]),
    cliSummary: stdout.trim(),
    peakResidentBytes: peak,
    profile: summariseProfiles(options, name),
  };
}

/** Node flags of `npm start`, so the benchmark runs the server exactly as a newsroom would. */
const startNodeFlags = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'))
  .scripts.start.split(/\s+/)
  .filter((token) => token.startsWith('--'));

async function startTestata(dataDir, extraEnv, log, label, extraNodeArgs = []) {
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
  return { child, base, startupSeconds: round((performance.now() - startedAt) / 1000, 2) };
}

async function memoryOf(server) {
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

/** Evenly spread, distinct paths: `count` of them, starting `offset` into each stride. */
function spread(paths, count, offset = 0) {
  const n = Math.min(count, paths.length);
  const stride = paths.length / n;
  return Array.from({ length: n }, (_, i) => paths[Math.min(paths.length - 1, Math.floor(i * stride + offset * stride))]);
}

async function measureCachedServer(result, { dataDir, paths, options, log }) {
  const server = await startTestata(dataDir, {}, log, 'cached', profileArgs(options, `${result.articles}-cached`));
  result.cachedServer = { startupSeconds: server.startupSeconds, memoryAtStart: await memoryOf(server) };
  try {
    for (const [name, urlPath] of Object.entries(result.urls)) {
      for (let i = 0; i < 3; i++) await expectOk(server.base + urlPath, { 'accept-encoding': benchAcceptEncoding });
      log(`wrk cached ${name} ${urlPath}`);
      result.wrk[name] = await runWrkMedian(server.base + urlPath, options);
      log(`  ${round(result.wrk[name].requestsPerSecond, 0)} req/s, p50 ${result.wrk[name].latencyMs.p50} ms, p99 ${result.wrk[name].latencyMs.p99} ms`);
    }
    result.pageWeight = await measurePageWeight(server.base, result.urls.article);
    result.articleHtml = (await expectOk(server.base + result.urls.article)).body.toString('utf8');

    const requested = new Set(Object.values(result.urls));
    const crawl = spread(paths, options.crawlPages, 0.5).filter((p) => !requested.has(p));
    log(`first hits with the page cache on: ${crawl.length} distinct articles, one at a time (more than the default ${defaultPageCacheEntries}-entry page cache holds)`);
    const firstHits = await timeSequentialRequests(server.base, crawl, { 'accept-encoding': benchAcceptEncoding });
    result.firstHitCacheOn = { ...summarise(firstHits.latenciesMs), statuses: firstHits.statuses, acceptEncoding: benchAcceptEncoding };
    result.cachedServer.memoryAfterServing = await memoryOf(server);
  } finally {
    await stopProcess(server.child);
  }
  result.cachedServer.profile = summariseProfiles(options, `${result.articles}-cached`);
}

async function measureUncachedServer(result, { dir, dataDir, paths, options, log }) {
  const name = `${result.articles}-uncached`;
  const server = await startTestata(dataDir, { TESTATA_PAGE_CACHE_ENTRIES: '0' }, log, 'uncached', profileArgs(options, name));
  result.uncachedServer = { startupSeconds: server.startupSeconds };
  try {
    const warmup = spread(paths, 300, 0);
    await timeSequentialRequests(server.base, warmup, { 'accept-encoding': benchAcceptEncoding });
    const compressedSet = spread(paths, options.renderSamples, 1 / 3);
    const identitySet = spread(paths, options.renderSamples, 2 / 3);
    log(`uncached renders (TESTATA_PAGE_CACHE_ENTRIES=0): ${compressedSet.length} distinct articles, concurrency 1, keep-alive`);
    const compressed = await timeSequentialRequests(server.base, compressedSet, { 'accept-encoding': benchAcceptEncoding });
    const identity = await timeSequentialRequests(server.base, identitySet, { 'accept-encoding': 'identity' });
    result.uncachedRender = {
      withCompression: { ...summarise(compressed.latenciesMs), statuses: compressed.statuses, acceptEncoding: benchAcceptEncoding, meanBodyBytes: compressed.meanBodyBytes },
      identity: { ...summarise(identity.latenciesMs), statuses: identity.statuses, acceptEncoding: 'identity', meanBodyBytes: identity.meanBodyBytes },
    };
    log(`  p50 ${result.uncachedRender.withCompression.p50Ms} ms / p99 ${result.uncachedRender.withCompression.p99Ms} ms (br); identity p50 ${result.uncachedRender.identity.p50Ms} ms`);
    const script = writePathWalkingScript(dir, paths, options.threads);
    log(`wrk uncached articles (distinct paths, ${options.connections} connections)`);
    result.wrk.uncachedArticles = await runWrkMedian(`${server.base}/`, { ...options, script });
    result.uncachedServer.memoryAfterServing = await memoryOf(server);
  } finally {
    await stopProcess(server.child);
  }
  result.uncachedServer.profile = summariseProfiles(options, name);
}
