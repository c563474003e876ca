// Plain HTTP/1.1 requests over loopback that keep the bytes as sent (no decompression), for page weight
// and for timing sequential first-hit renders over one keep-alive connection.
import http from 'node:http';

export function requestRaw(url, { headers = {}, agent } = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const request = http.get(url, { headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: response.statusCode,
          headers: response.headers,
          headerBytes: responseHeaderBytes(response),
          body,
          ms: performance.now() - startedAt,
        });
      });
      response.on('error', reject);
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout: ${url}`)));
    request.on('error', reject);
  });
}

/** Bytes of the status line and header block as they crossed the wire (approximately: same names and values). */
function responseHeaderBytes(response) {
  const statusLine = `HTTP/${response.httpVersion} ${response.statusCode} ${response.statusMessage}\r\n`;
  let bytes = Buffer.byteLength(statusLine) + 2;
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) bytes += Buffer.byteLength(`${raw[i]}: ${raw[i + 1]}\r\n`);
  return bytes;
}

/** Requests each path once, one at a time over one keep-alive connection; latency of each in ms. */
export async function timeSequentialRequests(baseUrl, paths, headers = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latenciesMs = [];
  const statuses = new Map();
  let bytes = 0;
  try {
    for (const path of paths) {
      const response = await requestRaw(baseUrl + path, { headers, agent });
      latenciesMs.push(response.ms);
      bytes += response.body.length;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  } finally {
    agent.destroy();
  }
  return {
    latenciesMs,
    statuses: Object.fromEntries(statuses),
    meanBodyBytes: Math.round(bytes / Math.max(paths.length, 1)),
  };
}

export function summarise(latenciesMs) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(sorted.length, 1);
  return {
    count: sorted.length,
    meanMs: round(mean),
    p50Ms: round(at(0.5)),
    p90Ms: round(at(0.9)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

export function round(value, digits = 3) {
  if (value === undefined || value === null || Number.isNaN(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Requests a URL and insists on 200 (the benchmark must not measure error pages). */
export async function expectOk(url, headers = {}) {
  const response = await requestRaw(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}, expected 200`);
  return response;
}
