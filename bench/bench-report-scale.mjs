// The per-corpus-size part of the Markdown report: SQLite and PostgreSQL side by side, each database's wrk and
// sequential-render details, PostgreSQL's db copy, two processes behind nginx, cross-process invalidation.
import { formatCpuProfileSummary } from './cpu-profile-summary.mjs';
import { formatShare } from './bench-search.mjs';

export const kB = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 1000).toFixed(1)} kB`);
export const MB = (bytes) => (bytes === undefined || bytes === null ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`);
export const ms = (value) =>
  value === undefined || value === null ? 'n/a' : `${Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const int = (value) => (value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US'));
export const runs = (run) =>
  run?.allRequestsPerSecond?.length > 1 ? ` [${run.allRequestsPerSecond.map(int).join(', ')}]` : '';
export const databaseNames = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** Runs during which processes outside the benchmark used at least this many cores get a dagger. */
export const contendedCores = 0.2;
const contended = (run) =>
  (run?.allForeignCpuCores ?? [run?.foreignCpu?.cores]).some((c) => c >= contendedCores) ? ' †' : '';
const wrkCell = (run) =>
  run
    ? `${int(run.requestsPerSecond)} req/s${runs(run)}${contended(run)} (p50 ${ms(run.latencyMs.p50)}, p99 ${ms(run.latencyMs.p99)})`
    : 'n/a';
const seqCell = (s) => (s ? `p50 ${ms(s.p50Ms)}, p99 ${ms(s.p99Ms)} (n ${s.count})${contended(s)}` : 'n/a');
const foreignCell = (run) => {
  const cores = run.allForeignCpuCores ?? [run.foreignCpu?.cores];
  if (cores.every((c) => c === undefined)) return 'n/a';
  const top = run.foreignCpu?.top?.map((t) => `${t.name} ${t.cores}`).join(', ');
  return `${cores.map((c) => c?.toFixed(2) ?? '?').join(', ')}${top ? ` (${top})` : ''}`;
};
const wrkErrors = (run) => run.non2xx + Object.values(run.socketErrors ?? {}).reduce((a, b) => a + b, 0);

export function formatScale(scale, results) {
  const lines = [`## ${int(scale.articles)} articles`, ''];
  const dbs = Object.keys(scale.databases);
  lines.push(
    `- Corpus: ${MB(scale.corpus.bytes)} JSONL, generated in ${scale.corpus.generateSeconds} s. Load average at start of pass ${scale.loadAverageAtStart.join(' / ')}` +
      `${dbs.map((db) => `, before ${databaseNames[db]} ${scale.loadAverageBefore?.[db]?.join(' / ')}`).join('')}, at end ${scale.loadAverageAtEnd?.join(' / ')}.`,
    `- SQLite import: ${scale.import.wallSeconds} s wall (${int(scale.import.wallArticlesPerSecond)} articles/s, incl. process start and migrations); ` +
      `the CLI reports ${scale.import.cliSeconds} s (${int(scale.import.cliArticlesPerSecond)} articles/s); peak RSS ${MB(scale.import.peakResidentBytes)}.`,
  );
  const pg = scale.databases.postgres;
  if (pg) {
    lines.push(
      `- PostgreSQL: ${results.machine.postgres?.version ?? '?'} on the same machine (shares the CPUs with everything else); ` +
        `settings ${Object.entries(results.machine.postgres?.settings ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}.`,
    );
    if (pg.copy)
      lines.push(
        `- \`${pg.copy.command}\`: ${pg.copy.wallSeconds} s wall (${pg.copy.rows} rows; CLI: ${pg.copy.cliSeconds} s, ${int(pg.copy.rowsPerSecond)} rows/s; ${pg.copy.verdict}); peak RSS ${MB(pg.copy.peakResidentBytes)}. The served PostgreSQL database is this copy${pg.vacuumAnalyze ? `, after \`VACUUM (ANALYZE)\` (${pg.vacuumAnalyze.seconds} s; what autovacuum would do within minutes of a bulk load)` : ', not analysed (--skip-pg-analyze)'}.`,
      );
    if (pg.databaseSize)
      lines.push(
        `- PostgreSQL database size ${MB(pg.databaseSize.bytes)}; largest: ${pg.databaseSize.largestTables.map((t) => `${t.table} ${MB(t.bytes)}`).join(', ')}.`,
      );
  }
  lines.push('');
  lines.push(...formatSideBySide(scale, dbs), '');
  lines.push(
    `† = during at least one of these runs, processes outside the benchmark (not its children, not PostgreSQL backends of its databases) used ≥ ${contendedCores} CPU cores on average; ` +
      'the wrk detail tables give the figure per run ("other CPU") and the biggest such process.',
    '',
  );
  for (const db of dbs) lines.push(...formatWrkDetails(scale, db), '');
  if (scale.cluster?.error)
    lines.push(`**Two processes behind nginx: the measurement failed:** ${scale.cluster.error}`, '');
  else if (scale.cluster) lines.push(...formatCluster(scale, results.config.threads), '');
  if (scale.cluster?.invalidation) lines.push(...formatInvalidation(scale.cluster), '');
  for (const db of dbs) lines.push(...formatProfiles(scale, db));
  return lines;
}

function formatSideBySide(scale, dbs) {
  const lines = [`### ${dbs.map((db) => databaseNames[db]).join(' vs ')}`, ''];
  lines.push(
    `| figure | ${dbs.map((db) => databaseNames[db]).join(' | ')} |`,
    `|---|${dbs.map(() => '---|').join('')}`,
  );
  const row = (figure, cell) =>
    lines.push(`| ${figure} | ${dbs.map((db) => cell(scale.databases[db], db)).join(' | ')} |`);
  row('`testata import` of the corpus, wall', (d, db) => {
    const imp = db === 'sqlite' ? scale.import : d.import;
    return imp ? `${imp.wallSeconds} s (${int(imp.wallArticlesPerSecond)} articles/s)` : 'not run';
  });
  if (dbs.includes('postgres'))
    row('`db copy` from the SQLite file, wall', (d) =>
      d.copy ? `${d.copy.wallSeconds} s (${int(d.copy.rows)} rows, ${d.copy.verdict})` : '—',
    );
  row('Server start to /healthz (cached server)', (d) => `${d.cachedServer?.startupSeconds} s`);
  for (const [key, label] of [
    ['home', 'home `/`'],
    ['article', 'article'],
    ['section', 'section `/esteri/`'],
    ['api', 'Content API `/api/v1/articles`'],
  ]) {
    row(`wrk cached ${label}`, (d) => wrkCell(d.wrk[key]));
  }
  row('wrk uncached articles (cache off, distinct paths)', (d) => wrkCell(d.wrk.uncachedArticles));
  row('**Uncached render, sequential, br**', (d) => `**${seqCell(d.uncachedRender?.withCompression)}**`);
  row('Uncached render, sequential, identity', (d) => seqCell(d.uncachedRender?.identity));
  row('First hit with the page cache on (render + compress + insert)', (d) => seqCell(d.firstHitCacheOn));
  for (const [kind, label] of [
    ['single', 'one word'],
    ['three', 'three words'],
    ['phrase', 'phrases and exclusions'],
    ['filtered', 'with filters'],
  ]) {
    row(`Search \`/api/v1/search\`, ${label}: p50 / p95 / p99`, (d) => {
      const s = d.search?.[kind];
      return s ? `${ms(s.p50Ms)} / ${ms(s.p95Ms)} / ${ms(s.p99Ms)} (${s.count} requests)` : 'n/a';
    });
  }
  row('`testata related compute` after the import (SQLite; PostgreSQL gets the lists by `db copy`)', (_d, db) =>
    db === 'sqlite' && scale.relatedCompute
      ? `${scale.relatedCompute.wallSeconds} s, ${scale.relatedCompute.msPerArticle} ms per article`
      : '—',
  );
  row('Import without the search index (wall): what indexing adds', (d, db) => {
    const indexing = db === 'sqlite' ? scale.indexing : d.indexing;
    if (!indexing) return '—';
    const cpu =
      indexing.cpuShare === undefined
        ? ''
        : ` (CPU ${indexing.withoutIndexCpuSeconds} s: ${formatShare(indexing.cpuShare)})`;
    return `${indexing.withoutIndexSeconds} s: ${formatShare(indexing.share)} with it, the median of ${indexing.rounds?.length ?? 1} pairs${cpu}`;
  });
  row('`testata search rebuild`', (d, db) => {
    const rebuild = db === 'sqlite' ? scale.searchRebuild : d.searchRebuild;
    return rebuild ? `${rebuild.cliSeconds} s for ${int(rebuild.articles)} articles` : '—';
  });
  row(
    'RSS cached server: at start → after serving',
    (d) =>
      `${MB(d.cachedServer?.memoryAtStart?.metricsResidentBytes)} → ${MB(d.cachedServer?.memoryAfterServing?.metricsResidentBytes)} (${int(d.cachedServer?.memoryAfterServing?.pageCacheEntries)} pages cached)`,
  );
  row('RSS cache-off server after its runs', (d) => MB(d.uncachedServer?.memoryAfterServing?.metricsResidentBytes));
  row('Article page transferred (br + headers), requests', (d) =>
    d.pageWeight ? `${kB(d.pageWeight.totalBytes)}, ${d.pageWeight.requests}` : 'n/a',
  );
  row('wrk errors (non-2xx + socket), all runs', (d) =>
    String(Object.values(d.wrk).reduce((sum, run) => sum + wrkErrors(run), 0)),
  );
  const problems = [];
  for (const db of dbs) {
    const d = scale.databases[db];
    for (const [label, s] of [
      ['uncached br', d.uncachedRender?.withCompression],
      ['uncached identity', d.uncachedRender?.identity],
      ['first hit', d.firstHitCacheOn],
    ]) {
      if (s && Object.keys(s.statuses ?? {}).some((status) => status !== '200'))
        problems.push(
          `**Warning:** ${databaseNames[db]} ${label}: statuses ${JSON.stringify(s.statuses)} (expected only 200).`,
        );
    }
  }
  return problems.length ? [...lines, '', ...problems] : lines;
}

function formatWrkDetails(scale, db) {
  const d = scale.databases[db];
  const lines = [`#### ${databaseNames[db]}: wrk details`, ''];
  lines.push(
    '| wrk run (cached unless stated) | path | req/s | p50 | p75 | p90 | p99 | bytes/response | errors | other CPU, cores |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---|',
  );
  for (const [name, run] of Object.entries(d.wrk)) {
    const label = name === 'uncachedArticles' ? 'article, uncached (cache off, distinct paths)' : name;
    const urlPath = name === 'uncachedArticles' ? '(walks all articles)' : `\`${scale.urls[name]}\``;
    lines.push(
      `| ${label} | ${urlPath} | ${int(run.requestsPerSecond)}${runs(run)} | ${ms(run.latencyMs.p50)} | ${ms(run.latencyMs.p75)} | ${ms(run.latencyMs.p90)} | ${ms(run.latencyMs.p99)} | ${int(run.bytesPerResponse)} | ${wrkErrors(run) || 0} | ${foreignCell(run)} |`,
    );
  }
  lines.push(
    '',
    '| sequential first hits, concurrency 1 | n | mean | p50 | p90 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const [label, s] of [
    ['uncached render, cache off, Accept-Encoding gzip, br', d.uncachedRender?.withCompression],
    ['uncached render, cache off, identity', d.uncachedRender?.identity],
    ['first hit with cache on (render + compress + insert)', d.firstHitCacheOn],
  ]) {
    if (s)
      lines.push(
        `| ${label} | ${s.count} | ${ms(s.meanMs)} | ${ms(s.p50Ms)} | ${ms(s.p90Ms)} | ${ms(s.p99Ms)} | ${ms(s.maxMs)} |`,
      );
  }
  return lines;
}

function formatCluster(scale, threads) {
  const c = scale.cluster;
  const direct = scale.databases.postgres;
  const lines = ['### PostgreSQL: one process vs two processes behind nginx', ''];
  const columns = [
    ['one process, direct', direct.wrk],
    ...(c.oneBehindNginx ? [['one process behind nginx', c.oneBehindNginx.wrk]] : []),
    ['two processes behind nginx', c.twoBehindNginx.wrk],
  ];
  lines.push(
    `| wrk cached | ${columns.map(([label]) => label).join(' | ')} | two behind nginx ÷ one direct |`,
    `|---|${columns.map(() => '---:|').join('')}---:|`,
  );
  for (const key of ['home', 'article', 'section', 'api']) {
    const ratio = c.twoBehindNginx.wrk[key].requestsPerSecond / direct.wrk[key].requestsPerSecond;
    lines.push(
      `| ${key} \`${scale.urls[key]}\` | ${columns.map(([, wrk]) => wrkCell(wrk[key])).join(' | ')} | ${ratio.toFixed(2)}× |`,
    );
  }
  const spread = Object.entries(c.twoBehindNginx.responsesPerServer)
    .map(([label, n]) => `${label} ${int(n)}`)
    .join(', ');
  lines.push(
    '',
    `nginx: \`worker_processes ${c.twoBehindNginx.nginxWorkers}\`, \`upstream testata { server A; server B; keepalive ${c.twoBehindNginx.keepalive}; }\` (round robin), ` +
      '`proxy_http_version 1.1; proxy_set_header Connection "";`, access log off. ' +
      `Responses per server during the two-process runs: ${spread}. RSS after: ${c.memoryAfterServing.map((m) => MB(m.metricsResidentBytes)).join(', ')}. ` +
      `Load average at start ${c.loadAverageAtStart.join(' / ')}, at end ${c.loadAverageAtEnd?.join(' / ')}.`,
    '',
    `**Read with care:** this machine has ${c.cpus} CPUs, and wrk (${threads} threads), nginx, both Node processes and PostgreSQL all share them. ` +
      'A second process cannot add CPU that is not there; the proxy also costs a hop per request (compare "one process behind nginx" with "direct"). ' +
      'On separate machines, or with more cores, the second process adds capacity instead of competing for it.',
  );
  return lines;
}

function formatInvalidation(cluster) {
  const inv = cluster.invalidation;
  const lines = ['### Cross-process invalidation (PostgreSQL, LISTEN/NOTIFY)', ''];
  if (inv.error) return [...lines, `**The measurement failed:** ${inv.error}`];
  lines.push(
    `The article \`${inv.articlePath}\` is cached (x-cache: HIT) in both servers; a third process runs \`testata import\` of one line with the same slug and a new title ` +
      `(${inv.repetitions} times, different titles; median import wall time ${ms(inv.medianImportWallMs)}). Both servers are polled every ${inv.pollMs} ms until they serve the new title. ` +
      "Delays are from the import process's exit (after its commit); negative means the new page was served before the import process had finished exiting. " +
      '"From summary line" counts from when the import printed its result, right after its commit.',
    '',
    '| server | median from exit | max from exit | median from summary line | not seen within timeout | warmed to HIT |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const s of inv.perServer) {
    lines.push(
      `| ${s.server} | ${ms(s.medianFromExitMs)} | ${Number.isFinite(s.maxFromExitMs) ? ms(s.maxFromExitMs) : '—'} | ${ms(s.medianFromSummaryMs)} | ${s.missed} | ${s.warmedHits}/${inv.repetitions} |`,
    );
  }
  lines.push(
    '',
    `Per run (ms from exit): ${inv.runs.map((r) => r.servers.map((s) => `${s.server} ${s.fromExitMs ?? '—'}`).join(' / ')).join('; ')}.`,
  );
  if (inv.lostLineImports > 0 || inv.hungImports > 0) {
    lines.push(
      '',
      `**Warning (app bug):** of the one-line imports, ${inv.lostLineImports} read 0 lines and still exited 0 ("0 created, 0 updated, 0 unchanged") and ` +
        `${inv.hungImports} hung "idle in transaction" until killed after 10 s; the benchmark repeated them with the line behind 8+ MiB of whitespace-only lines. An import that silently drops lines is a bug ` +
        '(first seen here: readline emitted the lines before the import iterated them, fixed in fc07a3c); if this shows again, that race is back.',
    );
  }
  return lines;
}

function formatProfiles(scale, db) {
  const d = scale.databases[db];
  const name = databaseNames[db];
  const lines = [];
  for (const [title, profile] of [
    [`CPU profile: ${name} import`, db === 'sqlite' ? scale.import.profile : d.import?.profile],
    [`CPU profile: db copy`, d.copy?.profile],
    [`CPU profile: ${name} cached server under wrk`, d.cachedServer?.profile],
    [`CPU profile: ${name} cache-off server (renders)`, d.uncachedServer?.profile],
  ]) {
    if (!profile) continue;
    lines.push(
      profile.error
        ? `${title}: ${profile.error}`
        : formatCpuProfileSummary(profile, `${title} (${int(scale.articles)} articles)`),
      '',
    );
  }
  return lines;
}
