#!/usr/bin/env node
// Simulated readers, as a process of their own so that the benchmark's own work never delays a request:
// CONCURRENCY readers each request a random path of PATHS_FILE (one per line), one after the other with a short
// pause, over keep-alive connections, until SIGTERM; then print the latency summary as one JSON line: of every
// request, of pages (cacheable) and of searches (`/cerca`, never cached) apart.
//   node bench/bench-readers.mjs BASE_URL PATHS_FILE [CONCURRENCY=4] [PAUSE_MS=5]
import fs from 'node:fs';
import http from 'node:http';
import { summarise } from './bench-http.mjs';

const [baseUrl, pathsFile, concurrencyText = '4', pauseText = '5'] = process.argv.slice(2);
const paths = fs.readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrencyText) });
const latenciesMs = { pages: [], searches: [] };
const failures = {};
let isStopping = false;

function get(path) {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const request = http.get(`${baseUrl}${path}`, { agent, headers: { 'accept-encoding': 'gzip, br' } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, ms: performance.now() - startedAt }));
    });
    request.setTimeout(30_000, () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve({ status: error.message, ms: performance.now() - startedAt }));
  });
}

async function reader() {
  while (!isStopping) {
    const path = paths[Math.floor(Math.random() * paths.length)];
    const { status, ms } = await get(path);
    // Every answer counts, a failure too: a reader waited for it.
    latenciesMs[path.startsWith('/cerca') ? 'searches' : 'pages'].push(ms);
    if (status !== 200) failures[status] = (failures[status] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, Number(pauseText)));
  }
}

const readers = Array.from({ length: Number(concurrencyText) }, reader);
process.once('SIGTERM', async () => {
  isStopping = true;
  await Promise.all(readers);
  const summary = {
    ...summarise([...latenciesMs.pages, ...latenciesMs.searches]),
    failures,
    pages: summarise(latenciesMs.pages),
    searches: summarise(latenciesMs.searches),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  agent.destroy();
});
