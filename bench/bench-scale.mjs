// One benchmark pass at one corpus size: generate, import into SQLite, then for each database measured (SQLite,
// and PostgreSQL filled by `db copy`) the same figures: a cached server under wrk, page weight, first hits with
// the page cache on, a second server with the page cache off for uncached renders; on PostgreSQL also two
// processes behind nginx and cross-process invalidation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { expectOk, round, summarise, timeSequentialRequests } from './bench-http.mjs';
import { makeTempDir, removeTempDir, runProcess, stopProcess } from './bench-processes.mjs';
import { measureCluster } from './bench-cluster.mjs';
import { foreignCpuSince, snapshotCpu } from './cpu-contention.mjs';
import { createBenchDatabase, databaseSize, vacuumAnalyze } from './bench-postgres.mjs';
import {
  computeRelated,
  copyDatabase,
  importCorpus,
  memoryOf,
  profileArgs,
  repoDir,
  startTestata,
  summariseProfiles,
} from './bench-testata.mjs';
import { benchAcceptEncoding, runWrkMedian, writePathWalkingScript } from './bench-wrk.mjs';
import { measurePageWeight } from './page-weight.mjs';
import {
  buildTestataWithoutSearchIndex,
  formatShare,
  indexingShare,
  measureSearchLatency,
  timeSearchRebuild,
} from './bench-search.mjs';

const corpusGenerator = process.env.BENCH_CORPUS_GENERATOR ?? path.resolve(repoDir, 'bench/generate-articles.mjs');
const defaultPageCacheEntries = 5000;

/**
 * @param {number} articles
 * @param {{ databases: string[], postgresUrl?: string, durationSeconds: number, connections: number, threads: number,
 *   renderSamples: number, crawlPages: number, profileDir?: string, log: (m: string) => void }} options
 */
export async function runScale(articles, options) {
  const { log } = options;
  const dir = makeTempDir(`testata-bench-${articles}-`);
  const dataDir = path.join(dir, 'data');
  const result = { articles, loadAverageAtStart: os.loadavg().map((l) => round(l, 2)), databases: {} };
  const withoutIndex = await buildTestataWithoutSearchIndex();
  try {
    const corpus = path.join(dir, 'articles.jsonl');
    log(`generating ${articles} articles with ${corpusGenerator}`);
    result.corpus = await generateCorpus(articles, corpus);
    const { paths, records } = await readCorpus(corpus, [Math.floor(articles / 3)]);
    result.corpus.articlePaths = paths.length;

    const earlier = [];
    for (let round = 1; round < indexingRounds; round++) {
      log(
        `importing ${articles} articles into SQLite without the search index and with it (round ${round} of ${indexingRounds}, to measure what indexing adds)`,
      );
      earlier.push(
        await importPairIntoSqlite(corpus, path.join(dir, 'import-round-data'), {
          articles,
          options,
          log,
          withoutIndex,
          indexedFirst: round % 2 === 0,
        }),
      );
    }
    log(`importing ${articles} articles into SQLite without the search index (to measure what indexing adds)`);
    const bareDir = path.join(dir, 'import-without-index-data');
    const bare = await importCorpus(corpus, {
      dataDir: bareDir,
      articles,
      profileName: `${articles}-import-without-index`,
      options,
      log,
      bin: withoutIndex.bin,
    });
    fs.rmSync(bareDir, { recursive: true, force: true });
    log(`importing ${articles} articles into SQLite (testata import)`);
    result.import = await importCorpus(corpus, { dataDir, articles, profileName: `${articles}-import`, options, log });
    log(
      `import: ${result.import.createdArticles} created in ${result.import.wallSeconds} s wall (${result.import.wallArticlesPerSecond}/s); CLI says ${result.import.cliSeconds} s (${result.import.cliArticlesPerSecond}/s)`,
    );
    result.indexing = indexingFigures([...earlier, { withIndex: result.import, withoutIndex: bare }], log);
    result.searchRebuild = await timeSearchRebuild(dataDir);
    log(`search rebuild: ${result.searchRebuild.articles} articles in ${result.searchRebuild.cliSeconds} s`);
    // Before any server starts: otherwise the servers measured would be computing these lists meanwhile.
    log('related articles: testata related compute');
    result.relatedCompute = await computeRelated(dataDir, { log });
    log(
      `  ${result.relatedCompute.lists} lists in ${result.relatedCompute.wallSeconds} s (${result.relatedCompute.msPerArticle} ms per article)`,
    );

    const articlePath = paths[Math.floor(paths.length / 2)];
    result.urls = { home: '/', article: articlePath, section: '/esteri/', api: '/api/v1/articles' };
    for (const database of options.databases) {
      result.loadAverageBefore = { ...result.loadAverageBefore, [database]: os.loadavg().map((l) => round(l, 2)) };
      const measured = { wrk: {} };
      result.databases[database] = measured;
      if (database === 'sqlite') {
        await measureDatabase(result, measured, {
          dir,
          dataDirOf: () => dataDir,
          serverEnv: {},
          label: 'sqlite',
          paths,
          options,
        });
        continue;
      }
      const pg = await preparePostgres(result, measured, { dir, dataDir, corpus, withoutIndex, options });
      try {
        // Media and secrets stay per process: each PostgreSQL server gets its own data dir.
        const dataDirOf = (role) => path.join(dir, `pg-data-${role}`);
        await measureDatabase(result, measured, {
          dir,
          dataDirOf,
          serverEnv: { DATABASE_URL: pg.url },
          label: 'postgres',
          paths,
          options,
        });
        if (!options.skipCluster) {
          result.cluster = await measureCluster({
            dir,
            databaseUrl: pg.url,
            urls: result.urls,
            invalidationRecord: records[0],
            options,
          }).catch((error) => {
            log(`two-process measurement failed: ${error.message}`);
            return { error: error.message };
          });
        }
        measured.databaseSizeAtEnd = await databaseSize(pg.url);
      } finally {
        await pg.drop();
      }
    }
    result.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
    return result;
  } finally {
    withoutIndex.remove();
    removeTempDir(dir);
  }
}

/**
 * Imports of the corpus without the search index and with it are timed this many times each, in pairs (the
 * two back to back, the one with the index first in every other pair), and the share indexing adds is the
 * median of the pairs' shares. On a shared two-core machine the same import took from 36 s to 53 s from one
 * run to the next, and a share taken from the fastest run of each side moved by up to eighteen points between
 * two benches: a pair's two runs see the machine in much the same state, the alternating order keeps a drift
 * within pairs from favouring either side, and the median leaves out the pairs that straddled a change.
 */
const indexingRounds = 5;

/** One more import without the index and one with it (in that order unless `indexedFirst`), each into a fresh SQLite file removed afterwards. */
async function importPairIntoSqlite(corpus, dataDir, { articles, options, log, withoutIndex, indexedFirst }) {
  const timed = async (bin) => {
    try {
      return await importCorpus(corpus, {
        dataDir,
        articles,
        profileName: undefined,
        options: { ...options, profileDir: undefined },
        log,
        bin,
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const pair = {};
  for (const [side, bin] of sidesInOrder(withoutIndex, indexedFirst)) pair[side] = await timed(bin);
  return pair;
}

/** The two sides of a pair of imports, with the build each runs, in the order they are timed. */
function sidesInOrder(withoutIndex, indexedFirst) {
  const sides = [
    ['withoutIndex', withoutIndex.bin],
    ['withIndex', undefined],
  ];
  return indexedFirst ? sides.reverse() : sides;
}

/**
 * The same import with and without the search index, timed in `indexingRounds` pairs: the share indexing
 * adds to wall time, to CPU seconds (the import process, plus the PostgreSQL backend where it can be
 * read), and to the import's main thread's CPU seconds, each the median of the pairs' shares, with the pair
 * it comes from; and, for comparison with earlier benches, the share between the fastest run of each side.
 * On SQLite the main thread is the import's critical path (busy from start to end), and its CPU time moved
 * by a second where wall time moved by ten: its share tells a change in what indexing costs from a change
 * in the machine.
 */
function indexingFigures(pairs, log) {
  const cpuOf = (run) =>
    run.cpuSeconds === undefined ? undefined : round(run.cpuSeconds + (run.serverCpuSeconds ?? 0), 2);
  const rounds = pairs.map((pair) => {
    const figures = {
      withIndexSeconds: pair.withIndex.wallSeconds,
      withoutIndexSeconds: pair.withoutIndex.wallSeconds,
      withIndexCpuSeconds: cpuOf(pair.withIndex),
      withoutIndexCpuSeconds: cpuOf(pair.withoutIndex),
    };
    figures.share = indexingShare(figures.withIndexSeconds, figures.withoutIndexSeconds);
    const hasCpu = figures.withIndexCpuSeconds !== undefined && figures.withoutIndexCpuSeconds !== undefined;
    figures.cpuShare = hasCpu ? indexingShare(figures.withIndexCpuSeconds, figures.withoutIndexCpuSeconds) : undefined;
    figures.withIndexMainThreadCpuSeconds = pair.withIndex.mainThreadCpuSeconds;
    figures.withoutIndexMainThreadCpuSeconds = pair.withoutIndex.mainThreadCpuSeconds;
    const hasMainThread =
      figures.withIndexMainThreadCpuSeconds !== undefined && figures.withoutIndexMainThreadCpuSeconds !== undefined;
    figures.mainThreadCpuShare = hasMainThread
      ? indexingShare(figures.withIndexMainThreadCpuSeconds, figures.withoutIndexMainThreadCpuSeconds)
      : undefined;
    return figures;
  });
  const medianBy = (key) => [...rounds].sort((a, b) => a[key] - b[key])[Math.floor((rounds.length - 1) / 2)];
  const wall = medianBy('share');
  const cpu = rounds.some((r) => r.cpuShare === undefined) ? undefined : medianBy('cpuShare');
  const mainThread = rounds.some((r) => r.mainThreadCpuShare === undefined)
    ? undefined
    : medianBy('mainThreadCpuShare');
  const fastest = (key) => Math.min(...rounds.map((r) => r[key]));
  const figures = {
    share: wall.share,
    withIndexSeconds: wall.withIndexSeconds,
    withoutIndexSeconds: wall.withoutIndexSeconds,
    cpuShare: cpu?.cpuShare,
    withIndexCpuSeconds: cpu?.withIndexCpuSeconds,
    withoutIndexCpuSeconds: cpu?.withoutIndexCpuSeconds,
    mainThreadCpuShare: mainThread?.mainThreadCpuShare,
    withIndexMainThreadCpuSeconds: mainThread?.withIndexMainThreadCpuSeconds,
    withoutIndexMainThreadCpuSeconds: mainThread?.withoutIndexMainThreadCpuSeconds,
    fastestShare: indexingShare(fastest('withIndexSeconds'), fastest('withoutIndexSeconds')),
    rounds,
  };
  const cpuText =
    (cpu
      ? `; CPU ${formatShare(cpu.cpuShare)} (${cpu.withIndexCpuSeconds} s with, ${cpu.withoutIndexCpuSeconds} s without)`
      : '') +
    (mainThread
      ? `; main thread's CPU ${formatShare(mainThread.mainThreadCpuShare)} (${mainThread.withIndexMainThreadCpuSeconds} s with, ${mainThread.withoutIndexMainThreadCpuSeconds} s without)`
      : '');
  log(
    `  indexing adds ${formatShare(wall.share)} to the import, the median of ${rounds.length} pairs (${wall.withIndexSeconds} s with the index, ${wall.withoutIndexSeconds} s without)${cpuText}; ` +
      `pairs ${rounds.map((r) => formatShare(r.share)).join(', ')}; fastest of each ${formatShare(figures.fastestShare)}`,
  );
  return figures;
}

/** Fresh databases: one for a timed `testata import` (then dropped), one filled by the timed `db copy` and served. */
async function preparePostgres(result, measured, { dir, dataDir, corpus, withoutIndex, options }) {
  const { log } = options;
  const { articles } = result;
  if (!options.skipPgImport) {
    const earlier = [];
    for (let round = 1; round < indexingRounds; round++) {
      log(
        `importing ${articles} articles into PostgreSQL without the search index and with it (round ${round} of ${indexingRounds}, to measure what indexing adds)`,
      );
      const pair = {};
      for (const [side, bin] of sidesInOrder(withoutIndex, round % 2 === 0)) {
        const scratch = await createBenchDatabase(options.postgresUrl);
        try {
          const scratchOptions = {
            dataDir: path.join(dir, 'pg-import-round-data'),
            databaseUrl: scratch.url,
            articles,
            options: { ...options, profileDir: undefined },
            log,
          };
          pair[side] = await importCorpus(corpus, { ...scratchOptions, bin });
        } finally {
          await scratch.drop();
        }
      }
      earlier.push(pair);
    }
    const bareTarget = await createBenchDatabase(options.postgresUrl);
    let bare;
    try {
      log(
        `importing ${articles} articles into PostgreSQL ${bareTarget.name} without the search index (to measure what indexing adds)`,
      );
      const bareOptions = {
        dataDir: path.join(dir, 'pg-import-without-index-data'),
        databaseUrl: bareTarget.url,
        articles,
        options,
        log,
      };
      bare = await importCorpus(corpus, {
        ...bareOptions,
        profileName: `${articles}-postgres-import-without-index`,
        bin: withoutIndex.bin,
      });
    } finally {
      await bareTarget.drop();
    }
    const target = await createBenchDatabase(options.postgresUrl);
    try {
      log(`importing ${articles} articles into PostgreSQL ${target.name} (testata import)`);
      const pgImport = await importCorpus(corpus, {
        dataDir: path.join(dir, 'pg-import-data'),
        databaseUrl: target.url,
        articles,
        profileName: `${articles}-postgres-import`,
        options,
        log,
      });
      measured.import = pgImport;
      log(
        `  ${pgImport.createdArticles} created in ${pgImport.wallSeconds} s wall (${pgImport.wallArticlesPerSecond}/s)`,
      );
      measured.indexing = indexingFigures([...earlier, { withIndex: pgImport, withoutIndex: bare }], log);
      measured.searchRebuild = await timeSearchRebuild(path.join(dir, 'pg-import-data'), { databaseUrl: target.url });
      log(`  search rebuild: ${measured.searchRebuild.cliSeconds} s`);
    } finally {
      await target.drop();
    }
  }
  const pg = await createBenchDatabase(options.postgresUrl);
  log(`db copy sqlite → PostgreSQL ${pg.name}`);
  measured.copy = await copyDatabase(path.join(dataDir, 'testata.db'), pg.url, {
    dataDir: path.join(dir, 'copy-data'),
    profileName: `${articles}-db-copy`,
    options,
    log,
  });
  log(
    `  ${measured.copy.rows} rows (${measured.copy.articles} articles) in ${measured.copy.wallSeconds} s wall; ${measured.copy.verdict}`,
  );
  if (!options.skipPgAnalyze) {
    measured.vacuumAnalyze = await vacuumAnalyze(pg.url);
    log(`  vacuum (analyze) ${measured.vacuumAnalyze.seconds} s`);
  }
  measured.databaseSize = await databaseSize(pg.url);
  measured.databaseName = pg.name;
  return pg;
}

async function measureDatabase(result, measured, { dir, dataDirOf, serverEnv, label, paths, options }) {
  await measureCachedServer(result, measured, { dataDir: dataDirOf('cached'), serverEnv, label, paths, options });
  await measureUncachedServer(result, measured, {
    dir,
    dataDir: dataDirOf('uncached'),
    serverEnv,
    label,
    paths,
    options,
  });
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

/** Every article's path, and the parsed records at the line indexes asked for. */
async function readCorpus(file, keepIndexes) {
  const paths = [];
  const records = [];
  const lines = readline.createInterface({
    input: fs.createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const record = JSON.parse(line);
    if (keepIndexes.includes(paths.length)) records.push(record);
    paths.push(`/${record.section}/${record.slug}/`);
  }
  return { paths, records };
}

/** Evenly spread, distinct paths: `count` of them, starting `offset` into each stride. */
function spread(paths, count, offset = 0) {
  const n = Math.min(count, paths.length);
  const stride = paths.length / n;
  return Array.from(
    { length: n },
    (_, i) => paths[Math.min(paths.length - 1, Math.floor(i * stride + offset * stride))],
  );
}

async function measureCachedServer(result, measured, { dataDir, serverEnv, label, paths, options }) {
  const { log } = options;
  const name = `${result.articles}-${label}-cached`;
  const server = await startTestata(dataDir, serverEnv, log, `${label} cached`, profileArgs(options, name));
  measured.cachedServer = { startupSeconds: server.startupSeconds, memoryAtStart: await memoryOf(server) };
  try {
    for (const [key, urlPath] of Object.entries(result.urls)) {
      for (let i = 0; i < 3; i++) await expectOk(server.base + urlPath, { 'accept-encoding': benchAcceptEncoding });
      log(`wrk ${label} cached ${key} ${urlPath}`);
      measured.wrk[key] = await runWrkMedian(server.base + urlPath, options);
      log(
        `  ${round(measured.wrk[key].requestsPerSecond, 0)} req/s, p50 ${measured.wrk[key].latencyMs.p50} ms, p99 ${measured.wrk[key].latencyMs.p99} ms`,
      );
    }
    measured.pageWeight = await measurePageWeight(server.base, result.urls.article);
    const html = (await expectOk(server.base + result.urls.article)).body.toString('utf8');
    result.articleHtml ??= html;
    measured.articleHtmlBytes = Buffer.byteLength(html);

    const requested = new Set(Object.values(result.urls));
    const crawl = spread(paths, options.crawlPages, 0.5).filter((p) => !requested.has(p));
    log(
      `${label}: first hits with the page cache on: ${crawl.length} distinct articles, one at a time (default page cache: ${defaultPageCacheEntries} entries)`,
    );
    const firstHits = await timeSequentialRequests(server.base, crawl, { 'accept-encoding': benchAcceptEncoding });
    measured.firstHitCacheOn = {
      ...summarise(firstHits.latenciesMs),
      statuses: firstHits.statuses,
      acceptEncoding: benchAcceptEncoding,
    };
    measured.cachedServer.memoryAfterServing = await memoryOf(server);
  } finally {
    await stopProcess(server.child);
  }
  measured.cachedServer.profile = summariseProfiles(options, name);
}

async function measureUncachedServer(result, measured, { dir, dataDir, serverEnv, label, paths, options }) {
  const { log } = options;
  const name = `${result.articles}-${label}-uncached`;
  const server = await startTestata(
    dataDir,
    { ...serverEnv, TESTATA_PAGE_CACHE_ENTRIES: '0' },
    log,
    `${label} uncached`,
    profileArgs(options, name),
  );
  measured.uncachedServer = { startupSeconds: server.startupSeconds };
  try {
    await timeSequentialRequests(server.base, spread(paths, 300, 0), { 'accept-encoding': benchAcceptEncoding });
    const compressedSet = spread(paths, options.renderSamples, 1 / 3);
    const identitySet = spread(paths, options.renderSamples, 2 / 3);
    log(
      `${label}: uncached renders (TESTATA_PAGE_CACHE_ENTRIES=0): ${compressedSet.length} distinct articles, concurrency 1, keep-alive`,
    );
    const before = snapshotCpu();
    const compressed = await timeSequentialRequests(server.base, compressedSet, {
      'accept-encoding': benchAcceptEncoding,
    });
    const foreignCpu = foreignCpuSince(before);
    const identity = await timeSequentialRequests(server.base, identitySet, { 'accept-encoding': 'identity' });
    measured.uncachedRender = {
      withCompression: {
        ...summarise(compressed.latenciesMs),
        statuses: compressed.statuses,
        acceptEncoding: benchAcceptEncoding,
        meanBodyBytes: compressed.meanBodyBytes,
        foreignCpu,
      },
      identity: {
        ...summarise(identity.latenciesMs),
        statuses: identity.statuses,
        acceptEncoding: 'identity',
        meanBodyBytes: identity.meanBodyBytes,
      },
    };
    log(
      `  p50 ${measured.uncachedRender.withCompression.p50Ms} ms / p99 ${measured.uncachedRender.withCompression.p99Ms} ms (br); identity p50 ${measured.uncachedRender.identity.p50Ms} ms`,
    );
    const script = writePathWalkingScript(dir, paths, options.threads);
    log(`wrk ${label} uncached articles (distinct paths, ${options.connections} connections)`);
    measured.wrk.uncachedArticles = await runWrkMedian(`${server.base}/`, { ...options, script });
    log(`${label}: search latency, /api/v1/search one query at a time`);
    measured.search = await measureSearchLatency(server.base);
    log(
      `  ${Object.entries(measured.search)
        .map(([kind, m]) => `${kind} p50 ${m.p50Ms} / p95 ${m.p95Ms} ms`)
        .join('; ')}`,
    );
    measured.uncachedServer.memoryAfterServing = await memoryOf(server);
  } finally {
    await stopProcess(server.child);
  }
  measured.uncachedServer.profile = summariseProfiles(options, name);
}
