// Search figures for one server and one corpus: latency of /api/v1/search for single-word, three-word and
// phrase queries (one at a time over keep-alive, every query repeated), and what indexing adds to an import
// (`testata search rebuild` timed on the imported database: the index's share of the import's wall time).
import { round, summarise, timeSequentialRequests } from './bench-http.mjs';
import { repoDir, testataBin, testataEnv } from './bench-testata.mjs';
import { runProcess } from './bench-processes.mjs';

/** Words of the corpus generator's vocabulary, in the forms readers type (plural for singular and back, accents). */
export const searchQueries = {
  single: ['governo', 'militari', 'tribunale', 'esercitazione', 'sanzioni', 'Reuters', 'inflazione', 'ferrovia', 'città', "perche'"],
  three: [
    'governo militare accordo',
    'esercitazioni militari congiunte',
    'tribunale sentenza giudiziaria',
    'energia gas porto',
    'sindaco città regione',
    'banca tassi euro',
    'delegazione ambasciata negoziato',
    'siccità agricoltura clima',
  ],
  phrase: ['"ministro degli Esteri"', '"accordo commerciale"', '"banca centrale" -euro', '"capo di stato maggiore"'],
  filtered: ['tregua&section=esteri', 'sanzioni&type=analysis', 'governo&from=2024-01-01&to=2024-03-31'],
};

const repeats = 20;

/** p50/p95/p99 per query kind, every query `repeats` times after one warm-up pass. */
export async function measureSearchLatency(base) {
  const pathOf = (query) => {
    const [words, ...filters] = query.split('&');
    return `/api/v1/search?q=${encodeURIComponent(words)}${filters.length ? `&${filters.join('&')}` : ''}`;
  };
  const result = {};
  for (const [kind, queries] of Object.entries(searchQueries)) {
    const paths = queries.map(pathOf);
    await timeSequentialRequests(base, paths);
    const timed = await timeSequentialRequests(base, Array.from({ length: repeats }, () => paths).flat());
    const sorted = [...timed.latenciesMs].sort((a, b) => a - b);
    const p95Ms = round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]);
    result[kind] = { ...summarise(timed.latenciesMs), p95Ms, statuses: timed.statuses, queries: queries.length };
  }
  return result;
}

/** Wall time of `testata search rebuild` on an imported database: what indexing alone costs. */
export async function timeSearchRebuild(dataDir, { databaseUrl } = {}) {
  const { stdout, wallMs } = await runProcess(process.execPath, [testataBin, 'search', 'rebuild'], {
    cwd: repoDir,
    env: testataEnv(dataDir, databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const match = /Search index rebuilt: (\d+) articles in ([\d.]+) s/.exec(stdout);
  if (!match) throw new Error(`could not read the rebuild summary from: ${stdout}`);
  return { articles: Number(match[1]), wallSeconds: round(wallMs / 1000, 2), cliSeconds: Number(match[2]) };
}

/** Indexing's share of an import: rebuild time over the import time without it. */
export function indexingShare(importWallSeconds, rebuildCliSeconds) {
  return round(rebuildCliSeconds / Math.max(0.001, importWallSeconds - rebuildCliSeconds), 3);
}
