// The site's static files, fingerprinted by content so browsers and CDNs may keep them forever.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { StaticAsset } from '../domain/page-result.ts';

export type SiteAssets = { stylesheetPath: string; faviconPath: string; files: StaticAsset[] };

const assetsDir = new URL('./assets/', import.meta.url);

export function loadSiteAssets(): SiteAssets {
  const stylesheet = fingerprinted('site.css', 'text/css; charset=utf-8');
  const favicon = fingerprinted('favicon.svg', 'image/svg+xml');
  return { stylesheetPath: stylesheet.path, faviconPath: favicon.path, files: [stylesheet, favicon] };
}

function fingerprinted(name: string, contentType: string): StaticAsset {
  const body = fs.readFileSync(new URL(name, assetsDir));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const [stem, extension] = name.split('.');
  return { path: `/assets/${stem}.${hash}.${extension}`, contentType, body };
}
