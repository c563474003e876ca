// What a first visit to an article costs a reader: the HTML (brotli) plus what it links that a browser
// fetches at load (stylesheets, icon, images, scripts), each with its bytes as transferred.
import { requestRaw } from './bench-http.mjs';

const acceptEncoding = 'br';

export async function measurePageWeight(baseUrl, articlePath) {
  const page = await requestRaw(baseUrl + articlePath, { headers: { 'accept-encoding': acceptEncoding } });
  if (page.status !== 200) throw new Error(`GET ${articlePath} answered ${page.status}`);
  const html = await decodedText(baseUrl + articlePath);
  const resources = [
    {
      kind: 'html',
      url: articlePath,
      status: page.status,
      encoding: page.headers['content-encoding'] ?? 'identity',
      bodyBytes: page.body.length,
      headerBytes: page.headerBytes,
    },
  ];
  const linked = linkedResources(html);
  if (!linked.some((r) => r.kind === 'icon')) linked.push({ kind: 'icon', url: '/favicon.ico' }); // what browsers try without one
  for (const resource of linked) {
    const absolute = new URL(resource.url, baseUrl + articlePath);
    if (absolute.origin !== new URL(baseUrl).origin) {
      resources.push({
        ...resource,
        status: null,
        bodyBytes: null,
        headerBytes: null,
        note: 'third-party: not fetched',
      });
      continue;
    }
    const response = await requestRaw(absolute.href, { headers: { 'accept-encoding': acceptEncoding } });
    resources.push({
      ...resource,
      status: response.status,
      encoding: response.headers['content-encoding'] ?? 'identity',
      bodyBytes: response.body.length,
      headerBytes: response.headerBytes,
    });
  }
  const sum = (key) => resources.reduce((total, r) => total + (r[key] ?? 0), 0);
  return {
    acceptEncoding,
    requests: resources.length,
    bodyBytes: sum('bodyBytes'),
    headerBytes: sum('headerBytes'),
    totalBytes: sum('bodyBytes') + sum('headerBytes'),
    uncompressedHtmlBytes: Buffer.byteLength(html),
    featuredImage: resources.some((r) => r.kind === 'image'),
    resources,
  };
}

async function decodedText(url) {
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  return response.text();
}

/** Stylesheets, icons, images and scripts a browser loads with the page (not links it merely shows). */
export function linkedResources(html) {
  const found = [];
  const seen = new Set();
  const add = (kind, url) => {
    if (!url || url.startsWith('data:') || seen.has(url)) return;
    seen.add(url);
    found.push({ kind, url: decodeEntities(url) });
  };
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    const rel = attribute(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attribute(tag, 'href');
    if (rel.includes('stylesheet')) add('css', href);
    else if (rel.includes('icon')) add('icon', href);
    else if (rel.includes('preload') || rel.includes('modulepreload')) add('preload', href);
  }
  for (const tag of html.match(/<img\b[^>]*>/gi) ?? []) {
    if (attribute(tag, 'loading')?.toLowerCase() === 'lazy') continue; // below the fold: not part of the first load
    add('image', attribute(tag, 'src'));
  }
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) add('script', attribute(tag, 'src'));
  return found;
}

function attribute(tag, name) {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[2] ?? match[3] ?? match[4]) : undefined;
}

function decodeEntities(text) {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
