// nginx as the load balancer in front of Testata processes, as in README "Running at scale": one upstream with
// keep-alive connections to the backends, HTTP/1.1 without `Connection: close`, no buffering to disk, no access log.
import { freePort, makeTempDir } from './bench-processes.mjs';
import { launchNginx } from './nginx-baseline.mjs';

/** Starts nginx on a free loopback port proxying to `upstreamPorts`; `probePath` must answer 200 through it. */
export async function startNginxProxy({ upstreamPorts, workers, probePath = '/healthz', keepalive = 64 }) {
  const dir = makeTempDir('testata-bench-nginx-proxy-');
  const port = await freePort();
  const servers = upstreamPorts.map((p) => `server 127.0.0.1:${p};`).join(' ');
  const httpBody = `
  upstream testata { ${servers} keepalive ${keepalive}; keepalive_requests 1000000; }
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://testata;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_buffering on;
      proxy_max_temp_file_size 0;
      proxy_next_upstream error timeout http_503;
    }
  }`;
  const nginx = await launchNginx({ dir, workers, httpBody, url: `http://127.0.0.1:${port}${probePath}` });
  return { ...nginx, base: `http://127.0.0.1:${port}`, upstreams: upstreamPorts.length, keepalive };
}
