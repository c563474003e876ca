#!/usr/bin/env node
// Readers' latency on a SQLite server while other work runs beside it (issue 20 F5: "the event loop never waits
// on a lock or on long background work"): a server on loopback over a generated corpus, readers in a process of
// their own (bench-readers.mjs), and their p99 alone and beside each of `testata import`, `related compute`,
// `search rebuild` and `page set`, run as CLI processes on the same data dir. Target: p99 under 100 ms.
//   node bench/bench-beside-jobs.mjs [--articles N] [--import-articles N] [--seconds S] [--readers R] [--json FILE]
// `npm run bench` runs it after its main pass (--skip-beside-jobs leaves it out).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  freePort,
  makeTempDir,
  removeTempDir,
  runProcess,
  startProcess,
  stopProcess,
  waitForHttp,
} from './bench-processes.mjs';
import { repoDir, testataBin, testataEnv } from './bench-testata.mjs';

export const besideJobsTargetP99Ms = 100;
const generator = path.join(repoDir, 'bench', 'generate-articles.mjs');
const readersScript = path.join(repoDir, 'bench', 'bench-readers.mjs');
const searchWords = ['governo', 'siccità', 'ferrovia', 'sanzioni', 'banca centrale', 'esercitazione', 'prezzi'];

/**
 * Options: `articles` (the served corpus), `importArticles` (the corpus imported beside it, new articles),
 * `seconds` (readers alone, and the longest any job phase is measured), `readers`, `log`.
 */
export async function measureBesideJobs({ articles, importArticles = articles, seconds = 20, readers = 4, log }) {
  const dir = makeTempDir('testata-bench-beside-');
  const dataDir = path.join(dir, 'data');
  const result = {
    articles,
    importArticles,
    seconds,
    readers,
    targetP99Ms: besideJobsTargetP99Ms,
    loadAverageAtStart: os.loadavg(),
    phases: [],
  };
  let server;
  try {
    const corpus = await generate(dir, 'corpus.jsonl', articles, 1);
    const more = await generate(dir, 'more.jsonl', importArticles, 2);
    log(`beside jobs: importing ${articles} articles and computing their related lists`);
    await runTestata(dataDir, ['import', corpus]);
    await runTestata(dataDir, ['related', 'compute']);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    server = startProcess(process.execPath, [testataBin, 'serve'], {
      env: testataEnv(dataDir, { PORT: String(port) }),
      onStderrLine: (line) => log(`  server: ${line}`),
    });
    await waitForHttp(`${baseUrl}/healthz`, server);
    const pathsFile = path.join(dir, 'paths.txt');
    fs.writeFileSync(pathsFile, `${(await readerPaths(baseUrl)).join('\n')}\n`);
    const page = path.join(dir, 'about.md');
    fs.writeFileSync(page, '---\ntitle: Chi siamo\n---\n\nUna redazione indipendente.\n');

    // Every page once, so that "alone" is measured on a warm cache as the phases after it are.
    for (const readerPath of new Set(fs.readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean)))
      await (await fetch(baseUrl + readerPath)).arrayBuffer();

    const phases = [
      ['readers alone', async () => new Promise((resolve) => setTimeout(resolve, seconds * 1000))],
      [`import of ${importArticles} new articles`, () => runJob(dataDir, ['import', more])],
      ['related compute', () => runJob(dataDir, ['related', 'compute'])],
      ['search rebuild', () => runJob(dataDir, ['search', 'rebuild'])],
      // One `page set` is over in a moment: one after another, for as long as the other phases last at most.
      ['page set, repeatedly', () => repeatFor(seconds * 1000, () => runJob(dataDir, ['page', 'set', 'about', page]))],
    ];
    for (const [name, work] of phases) {
      // Let the cache refill and the server's own background job settle between phases.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      log(`beside jobs: readers ${name === 'readers alone' ? 'alone' : `beside ${name}`}`);
      const phase = await withReaders(baseUrl, pathsFile, readers, work);
      result.phases.push({ name, ...phase });
      const { pages, searches } = phase.latency;
      log(
        `  ${phase.latency.count} requests, p50 ${phase.latency.p50Ms} ms, p99 ${phase.latency.p99Ms} ms, max ${phase.latency.maxMs} ms; ` +
          `pages p99 ${pages.p99Ms} ms, searches p99 ${searches.p99Ms} ms` +
          `${Object.keys(phase.latency.failures).length ? `, failures ${JSON.stringify(phase.latency.failures)}` : ''}; the work took ${phase.workSeconds} s` +
          `${phase.failed ? `, and FAILED (${phase.failed})` : ''}`,
      );
    }
    return result;
  } finally {
    if (server) await stopProcess(server);
    removeTempDir(dir);
  }
}

function generate(dir, name, count, seed) {
  const file = path.join(dir, name);
  const out = fs.openSync(file, 'w');
  try {
    return runProcess(process.execPath, [generator, String(count), String(seed)], { stdoutFd: out }).then(() => file);
  } finally {
    fs.closeSync(out);
  }
}

function runTestata(dataDir, args) {
  return runProcess(process.execPath, [testataBin, ...args], { env: testataEnv(dataDir) });
}

/** A job beside the server may fail (that is a finding, as an older version's `related compute` did): its phase says so. */
async function runJob(dataDir, args) {
  const { code, stderr } = await runProcess(process.execPath, [testataBin, ...args], {
    env: testataEnv(dataDir),
    allowFailure: true,
  });
  if (code !== 0)
    return { failed: `exit ${code}: ${/^\w*Error: .*$|^\s*code: .*$/m.exec(stderr)?.[0]?.trim() ?? 'see stderr'}` };
  return {};
}

async function repeatFor(ms, work) {
  const until = performance.now() + ms;
  let outcome = {};
  while (performance.now() < until && !outcome.failed) outcome = await work();
  return outcome;
}

/** What readers read: the home page, sections, a few hundred articles (cached once read), and searches (never cached). */
async function readerPaths(baseUrl) {
  const json = async (url) => (await fetch(baseUrl + url)).json();
  const articlePaths = [];
  let cursor = '';
  for (let page = 0; page < 5; page++) {
    const listing = await json(`/api/v1/articles?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    articlePaths.push(...listing.articles.map((a) => new URL(a.url).pathname));
    if (!listing.next_cursor) break;
    cursor = listing.next_cursor;
  }
  const sectionPaths = (await json('/api/v1/sections')).sections.map((s) => new URL(s.url).pathname);
  const searches = searchWords.map((word) => `/cerca?q=${encodeURIComponent(word)}`);
  // Weights by repetition: about half articles, a fifth searches, the rest the home page and sections.
  return [
    ...articlePaths,
    ...Array.from({ length: Math.ceil(articlePaths.length / 5) }, (_, i) => searches[i % searches.length]),
    ...Array.from({ length: Math.ceil(articlePaths.length / 10) }, () => '/'),
    ...Array.from({ length: Math.ceil(articlePaths.length / 5) }, (_, i) => sectionPaths[i % sectionPaths.length]),
  ];
}

async function withReaders(baseUrl, pathsFile, readers, work) {
  const child = startProcess(process.execPath, [readersScript, baseUrl, pathsFile, String(readers)]);
  // A moment for the readers to start before the work does.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const startedAt = performance.now();
  const outcome = (await work()) ?? {};
  const workSeconds = Math.round((performance.now() - startedAt) / 100) / 10;
  await stopProcess(child);
  const lastLine = child.stdoutText.trim().split('\n').at(-1) ?? '{}';
  return { workSeconds, ...outcome, latency: JSON.parse(lastLine) };
}

export function formatBesideJobs(result) {
  const lines = [
    `## Readers beside other work (SQLite, ${result.articles} articles, ${result.readers} readers)`,
    '',
    `Target: reader p99 under ${result.targetP99Ms} ms beside each job (issue 20 F5). Load average at the start: ${result.loadAverageAtStart.map((l) => l.toFixed(1)).join(', ')}.`,
    '',
    'Pages are the home page, sections and articles (cacheable; a write drops the cached copies it touches);',
    'searches (`/cerca`, a fifth of the requests) are never cached and each reads the index.',
    '',
    '| beside | work s | requests | p50 ms | p99 ms | max ms | pages p99 ms | searches p99 ms | failures | p99 target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const { name, workSeconds, latency, failed } of result.phases) {
    const failures = Object.entries(latency.failures ?? {})
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    const pass = latency.p99Ms < result.targetP99Ms ? 'met' : 'MISSED';
    lines.push(
      `| ${name}${failed ? ` (the job FAILED: ${failed})` : ''} | ${workSeconds} | ${latency.count} | ${latency.p50Ms} | ${latency.p99Ms} | ${latency.maxMs} | ${latency.pages.p99Ms} | ${latency.searches.p99Ms} | ${failures || '–'} | ${pass} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '5000' },
      'import-articles': { type: 'string' },
      seconds: { type: 'string', default: '20' },
      readers: { type: 'string', default: '4' },
      json: { type: 'string' },
    },
  });
  const log = (message) =>
    process.stderr.write(`[bench-beside-jobs ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  const result = await measureBesideJobs({
    articles: Number(values.articles),
    importArticles: Number(values['import-articles'] ?? values.articles),
    seconds: Number(values.seconds),
    readers: Number(values.readers),
    log,
  });
  result.machine = { cpus: os.availableParallelism(), loadAverageAtEnd: os.loadavg(), node: process.version };
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${formatBesideJobs(result)}\n`);
}
