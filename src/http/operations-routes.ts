// /healthz for load balancers and /metrics in Prometheus' text format.
import type { FastifyInstance } from 'fastify';
import { UnavailableError } from '../domain/errors.ts';
import type { PageCache } from './page-cache.ts';

export type HttpMetrics = { responses: Map<number, number> };

export function registerOperationsRoutes(
  app: FastifyInstance,
  options: { metrics: HttpMetrics; cache: PageCache; checkHealth: () => Promise<void> },
): void {
  app.get('/healthz', async (request, reply) => {
    try {
      await options.checkHealth();
      return reply.header('cache-control', 'no-store').send({ status: 'ok' });
    } catch (error) {
      // An outage is logged when it starts and ends, not at every check a load balancer makes.
      if (error instanceof UnavailableError) request.log.debug('health check: database unavailable');
      else request.log.error({ err: error }, 'health check failed');
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .header('retry-after', '5')
        .send({ status: 'unavailable' });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    const { cache, metrics } = options;
    const memory = process.memoryUsage();
    const lines = [
      '# HELP testata_http_responses_total HTTP responses sent, by status code.',
      '# TYPE testata_http_responses_total counter',
      ...[...metrics.responses].map(([status, count]) => `testata_http_responses_total{status="${status}"} ${count}`),
      '# HELP testata_page_cache_hits_total Responses served from the page cache.',
      '# TYPE testata_page_cache_hits_total counter',
      `testata_page_cache_hits_total ${cache.hits}`,
      '# HELP testata_page_cache_misses_total Lookups that missed the page cache.',
      '# TYPE testata_page_cache_misses_total counter',
      `testata_page_cache_misses_total ${cache.misses}`,
      '# HELP testata_page_cache_entries Responses currently cached.',
      '# TYPE testata_page_cache_entries gauge',
      `testata_page_cache_entries ${cache.size}`,
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '# HELP nodejs_heap_used_bytes V8 heap in use.',
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${memory.heapUsed}`,
      '# HELP nodejs_heap_total_bytes V8 heap reserved.',
      '# TYPE nodejs_heap_total_bytes gauge',
      `nodejs_heap_total_bytes ${memory.heapTotal}`,
      '# HELP nodejs_external_memory_bytes Memory held outside the V8 heap (buffers included).',
      '# TYPE nodejs_external_memory_bytes gauge',
      `nodejs_external_memory_bytes ${memory.external}`,
      '# HELP testata_page_cache_bytes Bytes held by the page cache.',
      '# TYPE testata_page_cache_bytes gauge',
      `testata_page_cache_bytes ${cache.bytes}`,
      '# HELP process_uptime_seconds Seconds since the process started.',
      '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${Math.round(process.uptime())}`,
    ];
    return reply
      .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(`${lines.join('\n')}\n`);
  });
}
