// Search figures for one server and one corpus: latency of /api/v1/search for single-word, three-word and
// phrase queries (one at a time over keep-alive, every query repeated); what indexing adds to an import (the
// same import timed again with the index left out of the app); and how long `testata search rebuild` takes.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../bin/bundle-options.mjs';
import { round, summarise, timeSequentialRequests } from './bench-http.mjs';
import { repoDir, testataBin, testataEnv } from './bench-testata.mjs';
import { runProcess } from './bench-processes.mjs';

/** Words of the corpus generator's vocabulary, in the forms readers type (plural for singular and back, accents). */
export const searchQueries = {
  single: [
    'governo',
    'militari',
    'tribunale',
    'esercitazione',
    'sanzioni',
    'Reuters',
    'inflazione',
    'ferrovia',
    'città',
    "perche'",
  ],
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

/** Wall time of `testata search rebuild` on an imported database. */
export async function timeSearchRebuild(dataDir, { databaseUrl } = {}) {
  const { stdout, wallMs } = await runProcess(process.execPath, [testataBin, 'search', 'rebuild'], {
    cwd: repoDir,
    env: testataEnv(dataDir, databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const match = /Search index rebuilt: (\d+) articles in ([\d.]+) s/.exec(stdout);
  if (!match) throw new Error(`could not read the rebuild summary from: ${stdout}`);
  return { articles: Number(match[1]), wallSeconds: round(wallMs / 1000, 2), cliSeconds: Number(match[2]) };
}

/** What indexing adds to an import: the import with the index over the same import without it, less one. */
export function indexingShare(withIndexSeconds, withoutIndexSeconds) {
  return round(withIndexSeconds / Math.max(0.001, withoutIndexSeconds) - 1, 3);
}

/** A share as the report writes it: "+12.5%", "-3.0%". */
export function formatShare(share) {
  return `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)}%`;
}

/**
 * The `testata` command built as bin/testata.mjs builds it, except that the search index takes no entries:
 * `SearchIndexRepository.addSoon` returns at once, so nothing is analysed or written. Timing an import with
 * it against the real one measures what indexing adds. Returns the path of a script that runs it, and a
 * function that removes it.
 */
export async function buildTestataWithoutSearchIndex() {
  const target = 'async addSoon(documents: SearchDocument[]): Promise<void> {';
  const withoutIndex = {
    name: 'without-search-index',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]src[\\/]storage[\\/]search-index\.ts$/ }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        if (!source.includes(target))
          throw new Error(`bench: ${args.path} no longer has "${target}"; update buildTestataWithoutSearchIndex`);
        return { contents: source.replace(target, `${target}\n    return;`), loader: 'ts' };
      });
    },
  };
  // Inside the repository, so that the bundle's bare imports resolve to its node_modules.
  const dir = path.join(repoDir, 'node_modules', '.cache', 'testata', `bench-without-search-index-${process.pid}`);
  await build({
    ...bundleOptions,
    write: true,
    plugins: [withoutIndex],
    entryPoints: {
      main: path.join(repoDir, 'src', 'main.ts'),
      'search-analysis-worker': path.join(repoDir, 'src', 'storage', 'search-analysis-worker.ts'),
    },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
  });
  const bin = path.join(dir, 'testata.mjs');
  fs.writeFileSync(
    bin,
    "const { main } = await import('./main.mjs');\nprocess.exitCode = await main(process.argv.slice(2), process.env);\n",
  );
  return { bin, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
