// Related articles by text at archive scale, on SQLite: the background job's time per article over a database
// of N imported articles (default 100,000), one newly published article's wait, and the article page's
// uncached render time before the lists exist (tag fallback) and after.
//   node bench/bench-related.mjs [--articles N] [--data-dir DIR] [--samples N] [--json FILE]
// --data-dir reuses a data dir that `testata import` filled; its database is copied first, never changed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../bin/bundle-options.mjs';
import { round, summarise } from './bench-http.mjs';
import { repoDir, testataBin } from './bench-testata.mjs';

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    'data-dir': { type: 'string' },
    samples: { type: 'string', default: '200' },
    json: { type: 'string' },
  },
});
const log = (message) => process.stderr.write(`[bench-related] ${message}\n`);
const articles = Number(args.articles);
const samples = Number(args.samples);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-bench-related-'));

try {
  const result = { articles, samples, loadAverageAtStart: os.loadavg().map((l) => round(l, 2)) };
  const sourceDir = args['data-dir'] ?? importCorpus(result);
  const dataDir = path.join(workDir, 'data');
  fs.mkdirSync(dataDir);
  for (const suffix of ['', '-wal', '-shm']) {
    const file = path.join(sourceDir, `testata.db${suffix}`);
    if (fs.existsSync(file)) fs.copyFileSync(file, path.join(dataDir, `testata.db${suffix}`));
  }

  const { openTestata, createServerApp, loadConfig, RelatedArticleRepository } = await loadTestata();
  // No page cache: every request renders, which is what "render time" means here.
  const config = loadConfig({ TESTATA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TESTATA_PAGE_CACHE_ENTRIES: '0' });
  const testata = await openTestata(config);
  try {
    const app = await createServerApp(testata);
    await app.ready();
    const paths = await samplePaths(testata.database.db, samples);
    result.pendingAtStart = await countPending(testata.database.db);

    log(`rendering ${paths.length} article pages before the lists exist (tag fallback)`);
    result.renderBefore = await timeRenders(app, paths);

    log(`computing related articles for ${result.pendingAtStart} queued articles`);
    result.compute = await computeAll(testata);
    log(
      `computed in ${result.compute.totalSeconds} s: ${result.compute.msPerArticle} ms per article (lists alone ${result.compute.stages.list.msPerArticle} ms)`,
    );
    result.stored = await countStored(testata.database.db);

    log('rendering the same pages with the stored lists');
    result.renderAfter = await timeRenders(app, paths);
    result.newlyPublished = await timeOneArticle(testata, paths);
    result.queueAllSeconds = await timeQueueAll(testata, RelatedArticleRepository);
    await app.close();
  } finally {
    await testata.close();
  }
  const text = JSON.stringify(result, null, 2);
  if (args.json) fs.writeFileSync(args.json, `${text}\n`);
  process.stdout.write(`${text}\n`);
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}

/** Generates the corpus and imports it with the real CLI (the import only queues articles for the job). */
function importCorpus(result) {
  const corpus = path.join(workDir, 'articles.jsonl');
  const sourceDir = path.join(workDir, 'import');
  log(`generating and importing ${articles} articles`);
  const output = fs.openSync(corpus, 'w');
  try {
    execFileSync(process.execPath, [path.resolve(repoDir, 'bench/generate-articles.mjs'), String(articles)], {
      stdio: ['ignore', output, 'inherit'],
    });
  } finally {
    fs.closeSync(output);
  }
  const started = performance.now();
  execFileSync(process.execPath, [testataBin, 'import', corpus], {
    env: { ...process.env, TESTATA_DATA_DIR: sourceDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  result.importSeconds = round((performance.now() - started) / 1000, 1);
  return sourceDir;
}

/** The app's own modules, bundled the way bin/testata.mjs does, so that this runs with plain Node. */
async function loadTestata() {
  const bundle = await build({
    ...bundleOptions,
    stdin: {
      contents:
        "export { openTestata, createServerApp } from './src/main.ts'; export { loadConfig } from './src/config/config.ts'; " +
        "export { RelatedArticleRepository } from './src/storage/related-article-repository.ts';",
      resolveDir: repoDir,
      loader: 'ts',
    },
  });
  // Inside the repository, so that the bundle's bare imports resolve to its node_modules.
  const file = path.join(repoDir, 'node_modules', '.cache', 'testata', `bench-related-${process.pid}.mjs`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bundle.outputFiles[0].contents);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function samplePaths(db, count) {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.slug', 'sections.slug as section'])
    .where('articles.status', '=', 'published')
    .orderBy('articles.id')
    .execute();
  const step = Math.max(1, Math.floor(rows.length / count));
  return rows
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((r) => `/${r.section}/${r.slug}/`);
}

async function timeRenders(app, paths) {
  for (const url of paths.slice(0, 20)) await app.inject({ method: 'GET', url }); // warm up
  const latencies = [];
  for (const url of paths) {
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url });
    latencies.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
  }
  return summarise(latencies);
}

/** Runs the job's work to the end, attributing each slice of time to the stage that did most of it. */
async function computeAll(testata) {
  const stages = { count: { articles: 0, ms: 0 }, sign: { articles: 0, ms: 0 }, list: { articles: 0, ms: 0 } };
  const started = performance.now();
  for (;;) {
    const sliceStarted = performance.now();
    const progress = await testata.relatedArticles.computePending(2000);
    const ms = performance.now() - sliceStarted;
    const done = { count: progress.counted, sign: progress.signed, list: progress.listed };
    const main = Object.entries(done).sort((a, b) => b[1] - a[1])[0][0];
    for (const [stage, n] of Object.entries(done)) stages[stage].articles += n;
    stages[main].ms += ms;
    if (progress.isDone) break;
    const total = stages.count.articles + stages.sign.articles + stages.list.articles;
    if (
      Math.floor(total / 10_000) > Math.floor((total - progress.counted - progress.signed - progress.listed) / 10_000)
    ) {
      log(
        `counted ${stages.count.articles}, signed ${stages.sign.articles}, listed ${stages.list.articles} in ${round((performance.now() - started) / 1000, 1)} s`,
      );
    }
  }
  const totalMs = performance.now() - started;
  const listed = Math.max(1, stages.list.articles);
  for (const stage of Object.values(stages)) stage.msPerArticle = round(stage.ms / Math.max(1, stage.articles), 3);
  return { totalSeconds: round(totalMs / 1000, 1), msPerArticle: round(totalMs / listed, 3), stages };
}

/** What one newly published article waits once the archive is done: queue it again and time the job. */
async function timeOneArticle(testata, paths) {
  const db = testata.database.db;
  const slug = paths.at(-1).split('/')[2];
  const article = await db
    .selectFrom('articles')
    .select(['id', 'published_at'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  const latencies = [];
  for (let i = 0; i < 5; i++) {
    await db
      .insertInto('related_pending')
      .values({ article_id: article.id, stage: 'count', published_at: article.published_at, marked_at: `bench-${i}` })
      .onConflict((oc) => oc.column('article_id').doUpdateSet({ stage: 'count', marked_at: `bench-${i}` }))
      .execute();
    const started = performance.now();
    await testata.relatedArticles.computePending(10_000);
    latencies.push(performance.now() - started);
  }
  return summarise(latencies);
}

/** What queueing adds to an import: every published article queued again, in one transaction as an import does. */
async function timeQueueAll(testata, RelatedArticleRepository) {
  const db = testata.database.db;
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'published_at as publishedAt'])
    .where('status', '=', 'published')
    .execute();
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    const repository = new RelatedArticleRepository(trx);
    // In the import's batches of 500.
    for (let i = 0; i < rows.length; i += 500)
      await repository.markPending(rows.slice(i, i + 500), new Date().toISOString());
  });
  return round((performance.now() - started) / 1000, 2);
}

async function countPending(db) {
  return Number(
    (
      await db
        .selectFrom('related_pending')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

async function countStored(db) {
  const row = await db
    .selectFrom('related_articles')
    .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.count('article_id').distinct().as('articles')])
    .executeTakeFirstOrThrow();
  return { rows: Number(row.rows), articlesWithList: Number(row.articles) };
}
