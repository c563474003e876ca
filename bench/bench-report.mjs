// Turns the measurements into the Markdown report (targets table, details) printed at the end of a run.
import { formatCpuProfileSummary } from './cpu-profile-summary.mjs';

const fullScale = 100_000;
const kB = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 1000).toFixed(1)} kB`);
const MB = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`);
const ms = (value) => (value === undefined ? 'n/a' : `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`);
const int = (value) => (value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US'));
const runs = (run) => (run.allRequestsPerSecond?.length > 1 ? ` [${run.allRequestsPerSecond.map(int).join(', ')}]` : '');
const verdict = (isPassing) => (isPassing === undefined ? 'n/a' : isPassing ? 'yes' : '**NO**');

/** The target rows: figure, value, target, pass, plus the raw numbers for the JSON file. */
export function evaluateTargets(results) {
  const main = results.scales[0];
  const large = results.scales.find((s) => s.articles >= fullScale) ?? results.scales.at(-1);
  const isFull = large.articles >= fullScale;
  const at = (scale) => (scale.articles >= fullScale ? '' : ` (at ${int(scale.articles)} articles, not 100k)`);
  const rows = [];
  const nginx = results.nginx?.oneWorker;
  const ours = main.wrk.article;
  const ratio = nginx ? ours.requestsPerSecond / nginx.requestsPerSecond : undefined;
  rows.push({
    id: 'cached-article-vs-nginx',
    figure: `Cached article req/s vs nginx (1 worker), c${results.config.connections}`,
    value: nginx ? `${int(ours.requestsPerSecond)} vs ${int(nginx.requestsPerSecond)} req/s = ${(ratio * 100).toFixed(1)}%` : 'nginx skipped',
    target: '≥ 40% of nginx',
    pass: ratio === undefined ? undefined : ratio >= 0.4,
    number: ratio,
  });
  rows.push({
    id: 'cached-article-p99',
    figure: `Cached article p99 latency, c${results.config.connections}`,
    value: ms(ours.latencyMs.p99),
    target: '< 20 ms',
    pass: ours.latencyMs.p99 < 20,
    number: ours.latencyMs.p99,
  });
  const render = large.uncachedRender?.withCompression;
  rows.push({
    id: 'uncached-render-p50',
    figure: `Uncached article render p50 (distinct articles, br)${at(large)}`,
    value: render ? `${ms(render.p50Ms)} (p99 ${ms(render.p99Ms)})` : 'n/a',
    target: '< 3 ms with 100k articles',
    pass: render && render.p50Ms < 3,
    number: render?.p50Ms,
  });
  rows.push({
    id: 'import-rate',
    figure: `Import rate, wall clock incl. process start${at(large)}`,
    value: `${int(large.import.wallArticlesPerSecond)} articles/s (CLI's own figure: ${int(large.import.cliArticlesPerSecond)}/s)`,
    target: '≥ 2,000 articles/s',
    pass: large.import.wallArticlesPerSecond >= 2000,
    number: large.import.wallArticlesPerSecond,
  });
  const projected = (fullScale / large.import.wallArticlesPerSecond).toFixed(0);
  rows.push({
    id: 'import-100k-seconds',
    figure: 'Import of the 100k corpus',
    value: isFull ? `${large.import.wallSeconds} s` : `not run; ≈ ${projected} s projected from the rate above`,
    target: '< 60 s',
    pass: isFull ? large.import.wallSeconds < 60 : undefined,
    number: isFull ? large.import.wallSeconds : undefined,
  });
  const rss = large.cachedServer.memoryAfterServing?.metricsResidentBytes;
  rows.push({
    id: 'server-rss',
    figure: `Server RSS after serving (wrk runs + ${int(large.firstHitCacheOn?.count)} distinct first hits)${at(large)}`,
    value: `${MB(rss)} (${int(large.cachedServer.memoryAfterServing?.pageCacheEntries)} pages in cache; ${MB(large.cachedServer.memoryAtStart?.metricsResidentBytes)} at start)`,
    target: '< 200 MB with 100k articles',
    pass: rss === undefined ? undefined : rss < 200e6,
    number: rss,
  });
  const weight = main.pageWeight;
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
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${MB(machine.totalMemoryBytes)} RAM, Node ${machine.node}, ${machine.wrk}, nginx ${machine.nginx ?? 'not run'}. ` +
      `Load average (1/5/15 min) at start ${machine.loadAverage.join(' / ')}: anything well above 0 means other work shared the CPUs.`,
    `wrk: \`-t${config.threads} -c${config.connections} -d${config.durationSeconds}s --latency -H 'Accept-Encoding: gzip, br'\`, loopback; wrk, the server and nginx share the same ${machine.cpus} CPUs.` +
      (config.repeat > 1 ? ` Each wrk figure is the median of ${config.repeat} runs (all runs' req/s in brackets).` : ''),
    `Corpus sizes: ${results.scales.map((s) => int(s.articles)).join(', ')} articles.` +
      (results.scales.some((s) => s.articles >= fullScale) ? '' : ' The 100k figures need `npm run bench -- --articles 100000` (or `--with-100k`).'),
    config.profileDir ? `**CPU profiling was on** (numbers include profiler overhead); profiles in \`${config.profileDir}\`.` : '',
    '',
  );
  lines.push('## Targets', '', '| figure | value | target | pass? |', '|---|---|---|---|');
  for (const row of results.targets) lines.push(`| ${row.figure} | ${row.value} | ${row.target} | ${verdict(row.pass)} |`);
  lines.push('');
  for (const scale of results.scales) lines.push(...formatScale(scale, config));
  if (results.nginx) {
    lines.push('## nginx baseline (same article HTML as a static file)', '');
    lines.push('| nginx | req/s | p50 | p99 | bytes/response | ours as % of it |', '|---|---:|---:|---:|---:|---:|');
    const ours = results.scales[0].wrk.article.requestsPerSecond;
    for (const run of [results.nginx.oneWorker, results.nginx.autoWorkers].filter(Boolean)) {
      lines.push(`| worker_processes ${run.workers}, gzip_static | ${int(run.requestsPerSecond)}${runs(run)} | ${ms(run.latencyMs.p50)} | ${ms(run.latencyMs.p99)} | ${int(run.bytesPerResponse)} | ${((100 * ours) / run.requestsPerSecond).toFixed(1)}% |`);
    }
    lines.push('', 'The ratio target compares against `worker_processes 1`: one nginx worker, like our one Node process. ' +
      'nginx answers `Accept-Encoding: gzip, br` with a pre-compressed gzip -9 file (Debian\'s nginx has no brotli; sendfile, open_file_cache, access_log off); ours sends its cached brotli body. ' +
      'With only a few CPUs, wrk competes with the server for them: compare ratios, not absolute req/s, across machines.', '');
  }
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}

function formatScale(scale, config) {
  const lines = [`## ${int(scale.articles)} articles`, ''];
  const imp = scale.import;
  lines.push(
    `- Corpus: ${MB(scale.corpus.bytes)} JSONL, generated in ${scale.corpus.generateSeconds} s. Load average at start of pass ${scale.loadAverageAtStart.join(' / ')}, at end ${scale.loadAverageAtEnd?.join(' / ')}.`,
    `- Import: ${imp.wallSeconds} s wall (${int(imp.wallArticlesPerSecond)} articles/s, incl. process start and migrations); ` +
      `the CLI reports ${imp.cliSeconds} s (${int(imp.cliArticlesPerSecond)} articles/s); peak RSS of the import process ${MB(imp.peakResidentBytes)}.`,
    `- Server start: ${scale.cachedServer.startupSeconds} s to /healthz; RSS at start ${MB(scale.cachedServer.memoryAtStart.metricsResidentBytes)}, ` +
      `after serving ${MB(scale.cachedServer.memoryAfterServing?.metricsResidentBytes)} (/proc: ${MB(scale.cachedServer.memoryAfterServing?.procResidentBytes)}), ` +
      `cache-off server after its runs ${MB(scale.uncachedServer.memoryAfterServing?.metricsResidentBytes)}.`,
    '',
  );
  lines.push('| wrk run (cached unless stated) | path | req/s | p50 | p75 | p90 | p99 | bytes/response | errors |', '|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const [name, run] of Object.entries(scale.wrk)) {
    const errors = run.non2xx + Object.values(run.socketErrors ?? {}).reduce((a, b) => a + b, 0);
    const label = name === 'uncachedArticles' ? 'article, uncached (cache off, distinct paths)' : name;
    const path = name === 'uncachedArticles' ? '(walks all articles)' : `\`${scale.urls[name]}\``;
    lines.push(`| ${label} | ${path} | ${int(run.requestsPerSecond)}${runs(run)} | ${ms(run.latencyMs.p50)} | ${ms(run.latencyMs.p75)} | ${ms(run.latencyMs.p90)} | ${ms(run.latencyMs.p99)} | ${int(run.bytesPerResponse)} | ${errors || 0} |`);
  }
  lines.push('', '| sequential first hits, concurrency 1 | n | mean | p50 | p90 | p99 | max |', '|---|---:|---:|---:|---:|---:|---:|');
  const seq = [
    ['uncached render, cache off, Accept-Encoding gzip, br', scale.uncachedRender?.withCompression],
    ['uncached render, cache off, identity', scale.uncachedRender?.identity],
    ['first hit with cache on (render + compress + insert)', scale.firstHitCacheOn],
  ];
  const problems = seq.filter(([, s]) => s && Object.keys(s.statuses ?? {}).some((status) => status !== '200'));
  for (const [label, s] of seq) if (s) lines.push(`| ${label} | ${s.count} | ${ms(s.meanMs)} | ${ms(s.p50Ms)} | ${ms(s.p90Ms)} | ${ms(s.p99Ms)} | ${ms(s.maxMs)} |`);
  lines.push('');
  for (const [label, s] of problems) lines.push(`**Warning:** ${label}: statuses ${JSON.stringify(s.statuses)} (expected only 200).`, '');
  for (const [title, profile] of [
    ['CPU profile: import', imp.profile],
    ['CPU profile: cached server under wrk', scale.cachedServer.profile],
    ['CPU profile: cache-off server (renders)', scale.uncachedServer.profile],
  ]) {
    if (!profile) continue;
    lines.push(profile.error ? `${title}: ${profile.error}` : formatCpuProfileSummary(profile, `${title} (${int(scale.articles)} articles)`), '');
  }
  return lines;
}
