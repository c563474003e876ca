// Turns the measurements into the Markdown report (targets table, per-size details) printed at the end of a run.
import { databaseNames, formatScale, int, kB, MB, ms, runs } from './bench-report-scale.mjs';
import { formatShare } from './bench-search.mjs';

const fullScale = 100_000;
const verdict = (isPassing) => (isPassing === undefined ? 'n/a' : isPassing ? 'yes' : '**NO**');

/** The target rows: figure, value, target, pass, plus the raw numbers for the JSON file. */
export function evaluateTargets(results) {
  const main = results.scales[0];
  const large = results.scales.find((s) => s.articles >= fullScale) ?? results.scales.at(-1);
  const isFull = large.articles >= fullScale;
  const at = (scale) => (scale.articles >= fullScale ? '' : ` (at ${int(scale.articles)} articles, not 100k)`);
  const primary = main.databases.sqlite ? 'sqlite' : 'postgres';
  const on = Object.keys(main.databases).length > 1 || primary !== 'sqlite' ? ` on ${databaseNames[primary]}` : '';
  const rows = [];
  const nginx = results.nginx?.oneWorker;
  const ours = main.databases[primary].wrk.article;
  const ratio = nginx ? ours.requestsPerSecond / nginx.requestsPerSecond : undefined;
  rows.push({
    id: 'cached-article-vs-nginx',
    figure: `Cached article req/s vs nginx (1 worker), c${results.config.connections}${on}`,
    value: nginx
      ? `${int(ours.requestsPerSecond)} vs ${int(nginx.requestsPerSecond)} req/s = ${(ratio * 100).toFixed(1)}%`
      : 'nginx skipped',
    target: '≥ 40% of nginx',
    pass: ratio === undefined ? undefined : ratio >= 0.4,
    number: ratio,
  });
  rows.push({
    id: 'cached-article-p99',
    figure: `Cached article p99 latency, c${results.config.connections}${on}`,
    value: ms(ours.latencyMs.p99),
    target: '< 20 ms',
    pass: ours.latencyMs.p99 < 20,
    number: ours.latencyMs.p99,
  });
  const renderRow = (db, limitMs) => {
    const render = large.databases[db]?.uncachedRender?.withCompression;
    if (!large.databases[db]) return;
    rows.push({
      id: db === 'sqlite' ? 'uncached-render-p50' : `${db}-uncached-render-p50`,
      figure: `Uncached article render p50 on ${databaseNames[db]} (distinct articles, br)${at(large)}`,
      value: render ? `${ms(render.p50Ms)} (p99 ${ms(render.p99Ms)})` : 'n/a',
      target: `< ${limitMs} ms with 100k articles`,
      pass: render && render.p50Ms < limitMs,
      number: render?.p50Ms,
    });
  };
  renderRow('sqlite', 3);
  renderRow('postgres', 5);
  const searchRow = (db, limitMs) => {
    const search = large.databases[db]?.search;
    if (!large.databases[db]) return;
    for (const kind of ['single', 'three']) {
      const figures = search?.[kind];
      rows.push({
        id: `${db}-search-${kind}-p95`,
        figure: `Search p95 on ${databaseNames[db]}, ${kind === 'single' ? 'one-word' : 'three-word'} queries${at(large)}`,
        value: figures ? `${ms(figures.p95Ms)} (p50 ${ms(figures.p50Ms)})` : 'n/a',
        target: `< ${limitMs} ms with 100k articles`,
        pass: figures && figures.p95Ms < limitMs,
        number: figures?.p95Ms,
      });
    }
  };
  searchRow('sqlite', 20);
  searchRow('postgres', 30);
  const shareRow = (db, indexing) => {
    if (!indexing) return;
    const pairs = indexing.rounds ?? [];
    rows.push({
      id: `${db}-search-indexing-share`,
      figure: `What search indexing adds to an import into ${databaseNames[db]} (the same import with the index left out of the app; the median of ${pairs.length} pairs of runs, back to back, the one with the index first in every other pair)${at(large)}`,
      value:
        `${formatShare(indexing.share)} (${indexing.withIndexSeconds} s with, ${indexing.withoutIndexSeconds} s without)` +
        (indexing.cpuShare === undefined
          ? ''
          : `; in CPU time ${formatShare(indexing.cpuShare)} (${indexing.withIndexCpuSeconds} s, ${indexing.withoutIndexCpuSeconds} s)`) +
        (indexing.mainThreadCpuShare === undefined
          ? ''
          : `; in the main thread's CPU time ${formatShare(indexing.mainThreadCpuShare)} (${indexing.withIndexMainThreadCpuSeconds} s, ${indexing.withoutIndexMainThreadCpuSeconds} s)`) +
        `; pairs ${pairs.map((pair) => formatShare(pair.share)).join(', ')}` +
        (indexing.fastestShare === undefined ? '' : `; fastest of each side ${formatShare(indexing.fastestShare)}`),
      target: '< 20%',
      pass: indexing.share < 0.2,
      number: indexing.share,
    });
  };
  shareRow('sqlite', large.indexing);
  shareRow('postgres', large.databases.postgres?.indexing);
  rows.push({
    id: 'import-rate',
    figure: `Import rate into SQLite, wall clock incl. process start${at(large)}`,
    value: `${int(large.import.wallArticlesPerSecond)} articles/s (CLI's own figure: ${int(large.import.cliArticlesPerSecond)}/s)`,
    target: '≥ 2,000 articles/s',
    pass: large.import.wallArticlesPerSecond >= 2000,
    number: large.import.wallArticlesPerSecond,
  });
  const projected = (fullScale / large.import.wallArticlesPerSecond).toFixed(0);
  rows.push({
    id: 'import-100k-seconds',
    figure: 'Import of the 100k corpus into SQLite',
    value: isFull ? `${large.import.wallSeconds} s` : `not run; ≈ ${projected} s projected from the rate above`,
    target: '< 60 s',
    pass: isFull ? large.import.wallSeconds < 60 : undefined,
    number: isFull ? large.import.wallSeconds : undefined,
  });
  const copy = large.databases.postgres?.copy;
  if (copy) {
    const seconds = isFull ? copy.wallSeconds : (copy.wallSeconds * fullScale) / large.articles;
    rows.push({
      id: 'db-copy-100k-seconds',
      figure: `\`db copy\` SQLite → PostgreSQL of 100,000 articles, wall${isFull ? '' : ` (${int(large.articles)} articles copied in ${copy.wallSeconds} s; linear projection)`}`,
      value: `${isFull ? '' : '≈ '}${seconds.toFixed(1)} s (${int(copy.rows)} rows; ${copy.verdict})`,
      target: '< 2 minutes',
      pass: isFull ? copy.wallSeconds < 120 && /verified/.test(copy.verdict ?? '') : undefined,
      number: isFull ? copy.wallSeconds : undefined,
    });
  }
  const invalidation = results.scales
    .map((s) => s.cluster?.invalidation)
    .filter(Boolean)
    .at(-1);
  if (invalidation?.error) {
    rows.push({
      id: 'cross-process-invalidation',
      figure: 'Cross-process invalidation: import commit → both servers serve the new title',
      value: `failed: ${invalidation.error.slice(0, 200)}`,
      target: '< 1 s',
      pass: false,
    });
  } else if (invalidation) {
    const slowest = invalidation.medianSlowestFromExitMs;
    rows.push({
      id: 'cross-process-invalidation',
      figure: `Cross-process invalidation: import commit → both servers serve the new title (median of ${invalidation.repetitions}, slower server)`,
      value:
        `${slowest <= 0 ? `≤ 0 ms: already served when the import process exited (${ms(slowest)})` : ms(slowest)}; ` +
        `${ms(invalidation.medianSlowestFromSummaryMs)} after the import printed its post-commit summary; ${invalidation.missed} missed`,
      target: '< 1 s',
      pass: slowest !== undefined && invalidation.missed === 0 ? slowest < 1000 : false,
      number: slowest,
    });
  }
  for (const db of Object.keys(large.databases)) {
    const server = large.databases[db].cachedServer;
    const rss = server?.memoryAfterServing?.metricsResidentBytes;
    rows.push({
      id: db === 'sqlite' ? 'server-rss' : `${db}-server-rss`,
      figure: `Server RSS after serving on ${databaseNames[db]} (wrk runs + ${int(large.databases[db].firstHitCacheOn?.count)} distinct first hits)${at(large)}`,
      value: `${MB(rss)} (${int(server?.memoryAfterServing?.pageCacheEntries)} pages in cache; ${MB(server?.memoryAtStart?.metricsResidentBytes)} at start)`,
      target: '< 200 MB with 100k articles',
      pass: rss === undefined ? undefined : rss < 200e6,
      number: rss,
    });
  }
  const weight = main.databases[primary].pageWeight;
  rows.push({
    id: 'article-page-bytes',
    figure: 'Article page, transferred (br bodies + headers)',
    value: `${kB(weight.totalBytes)} (${weight.resources.map((r) => `${r.kind} ${kB(r.bodyBytes)}`).join(', ')}; headers ${kB(weight.headerBytes)})`,
    target: '< 50 kB',
    pass: weight.totalBytes < 50_000,
    number: weight.totalBytes,
  });
  rows.push({
    id: 'article-page-requests',
    figure: 'Article page, requests',
    value: `${weight.requests} (${weight.resources.map((r) => r.kind).join(', ')})`,
    target: '≤ 4',
    pass: weight.requests <= 4,
    number: weight.requests,
  });
  return rows;
}

export function formatReport(results) {
  const { config, machine } = results;
  const lines = [];
  lines.push(`# Testata benchmark — ${results.startedAt}, commit ${machine.commit}`, '');
  lines.push(
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${MB(machine.totalMemoryBytes)} RAM, Node ${machine.node}, ${machine.wrk}, nginx ${machine.nginx ?? 'not run'}` +
      `${machine.postgres ? `, PostgreSQL ${machine.postgres.version} (local)` : ''}. ` +
      `Load average (1/5/15 min) at start ${machine.loadAverage.join(' / ')}: anything well above 0 means other work shared the CPUs.`,
    `Databases: ${config.databases.map((db) => databaseNames[db]).join(' and ')}${config.databaseNote ? ` (${config.databaseNote})` : ''}.`,
    `wrk: \`-t${config.threads} -c${config.connections} -d${config.durationSeconds}s --latency -H 'Accept-Encoding: gzip, br'\`, loopback; wrk, the servers, nginx and PostgreSQL share the same ${machine.cpus} CPUs.` +
      (config.repeat > 1
        ? ` Each wrk figure is the median of ${config.repeat} runs (all runs' req/s in brackets).`
        : ''),
    `Corpus sizes: ${results.scales.map((s) => int(s.articles)).join(', ')} articles.` +
      (results.scales.some((s) => s.articles >= fullScale)
        ? ''
        : ' The 100k figures need `npm run bench -- --articles 100000` (or `--with-100k`).'),
    config.profileDir
      ? `**CPU profiling was on** (numbers include profiler overhead); profiles in \`${config.profileDir}\`.`
      : '',
    '',
  );
  lines.push('## Targets', '', '| figure | value | target | pass? |', '|---|---|---|---|');
  for (const row of results.targets)
    lines.push(`| ${row.figure} | ${row.value} | ${row.target} | ${verdict(row.pass)} |`);
  lines.push('');
  for (const scale of results.scales) lines.push(...formatScale(scale, results));
  if (results.nginx) {
    const primary = results.scales[0].databases.sqlite ? 'sqlite' : 'postgres';
    lines.push('## nginx baseline (same article HTML as a static file)', '');
    lines.push(
      `| nginx | req/s | p50 | p99 | bytes/response | ours (${databaseNames[primary]}) as % of it |`,
      '|---|---:|---:|---:|---:|---:|',
    );
    const ours = results.scales[0].databases[primary].wrk.article.requestsPerSecond;
    for (const run of [results.nginx.oneWorker, results.nginx.autoWorkers].filter(Boolean)) {
      lines.push(
        `| worker_processes ${run.workers}, gzip_static | ${int(run.requestsPerSecond)}${runs(run)} | ${ms(run.latencyMs.p50)} | ${ms(run.latencyMs.p99)} | ${int(run.bytesPerResponse)} | ${((100 * ours) / run.requestsPerSecond).toFixed(1)}% |`,
      );
    }
    lines.push(
      '',
      'The ratio target compares against `worker_processes 1`: one nginx worker, like our one Node process. ' +
        "nginx answers `Accept-Encoding: gzip, br` with a pre-compressed gzip -9 file (Debian's nginx has no brotli; sendfile, open_file_cache, access_log off); ours sends its cached brotli body. " +
        'With only a few CPUs, wrk competes with the server for them: compare ratios, not absolute req/s, across machines.',
      '',
    );
  }
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}
