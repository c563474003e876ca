// Two `testata serve` processes on one PostgreSQL database behind nginx (README "Running at scale"): the same
// cached wrk runs through the proxy, first with one upstream (what the proxy itself costs), then with both;
// then cross-process invalidation with both servers running.
import os from 'node:os';
import path from 'node:path';
import { expectOk, requestRaw, round } from './bench-http.mjs';
import { measureInvalidation } from './bench-invalidation.mjs';
import { stopProcess } from './bench-processes.mjs';
import { memoryOf, startTestata } from './bench-testata.mjs';
import { benchAcceptEncoding, runWrkMedian } from './bench-wrk.mjs';
import { startNginxProxy } from './nginx-proxy.mjs';

/**
 * @param {{ dir: string, databaseUrl: string, urls: Record<string, string>, invalidationRecord: object,
 *   options: { proxyWorkers: string, invalidationRepeats: number, skipProxyControl?: boolean, log: (m: string) => void } }} input
 */
export async function measureCluster({ dir, databaseUrl, urls, invalidationRecord, options }) {
  const { log } = options;
  const result = {
    proxyWorkers: options.proxyWorkers,
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
  const servers = [];
  try {
    for (const label of ['A', 'B']) {
      const server = await startTestata(
        path.join(dir, `cluster-data-${label}`),
        { DATABASE_URL: databaseUrl },
        log,
        `postgres cluster ${label}`,
      );
      servers.push({ ...server, label });
    }
    result.startupSeconds = servers.map((s) => s.startupSeconds);
    for (const server of servers) {
      for (const urlPath of Object.values(urls))
        for (let i = 0; i < 3; i++) await expectOk(server.base + urlPath, { 'accept-encoding': benchAcceptEncoding });
    }
    if (!options.skipProxyControl) {
      result.oneBehindNginx = await wrkThroughProxy([servers[0]], urls, options, 'one process behind nginx');
    }
    result.twoBehindNginx = await wrkThroughProxy(servers, urls, options, 'two processes behind nginx');
    result.memoryAfterServing = await Promise.all(servers.map((s) => memoryOf(s)));

    if (invalidationRecord && options.invalidationRepeats > 0) {
      log(
        `cross-process invalidation: ${options.invalidationRepeats} changes by a third process (testata import of one line), polling both servers every 5 ms`,
      );
      try {
        result.invalidation = await measureInvalidation({
          servers: servers.map((s) => ({ base: s.base, label: s.label })),
          databaseUrl,
          record: invalidationRecord,
          dir,
          repetitions: options.invalidationRepeats,
          log,
        });
      } catch (error) {
        // Reported, not fatal: the figures measured so far are worth keeping.
        log(`invalidation measurement failed: ${error.message}`);
        result.invalidation = { error: error.message };
      }
    }
    result.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
    return result;
  } finally {
    await Promise.all(servers.map((s) => stopProcess(s.child)));
  }
}

async function wrkThroughProxy(servers, urls, options, label) {
  const { log } = options;
  const nginx = await startNginxProxy({ upstreamPorts: servers.map((s) => s.port), workers: options.proxyWorkers });
  const measured = {
    upstreams: servers.length,
    nginxWorkers: nginx.workers,
    keepalive: nginx.keepalive,
    wrk: {},
    responsesPerServer: {},
  };
  try {
    const before = await Promise.all(servers.map(responsesTotal));
    for (const [key, urlPath] of Object.entries(urls)) {
      await expectOk(nginx.base + urlPath, { 'accept-encoding': benchAcceptEncoding });
      log(`wrk ${label} (nginx worker_processes ${nginx.workers}) ${key} ${urlPath}`);
      measured.wrk[key] = await runWrkMedian(nginx.base + urlPath, options);
      log(
        `  ${round(measured.wrk[key].requestsPerSecond, 0)} req/s, p50 ${measured.wrk[key].latencyMs.p50} ms, p99 ${measured.wrk[key].latencyMs.p99} ms`,
      );
    }
    const after = await Promise.all(servers.map(responsesTotal));
    for (const [i, s] of servers.entries()) measured.responsesPerServer[s.label] = after[i] - before[i];
    measured.nginxConfig = nginx.config;
  } finally {
    await nginx.stop();
  }
  return measured;
}

/** All responses a server has sent (testata_http_responses_total summed over statuses), to see how nginx spread the load. */
async function responsesTotal(server) {
  const text = (await requestRaw(`${server.base}/metrics`)).body.toString('utf8');
  return [...text.matchAll(/^testata_http_responses_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}
