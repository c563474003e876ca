// The site's static files, fingerprinted by content so browsers and CDNs may keep them forever.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StaticAsset } from '../domain/page-result.ts';

export type SiteAssets = { stylesheetPath: string; faviconPath: string; files: StaticAsset[] };

/** `assetsDir` is src/site/assets of the installed package (main.ts knows where that is). */
export function loadSiteAssets(assetsDir: string): SiteAssets {
  const stylesheet = fingerprinted(assetsDir, 'site.css', 'text/css; charset=utf-8');
  const favicon = fingerprinted(assetsDir, 'favicon.svg', 'image/svg+xml');
  return { stylesheetPath: stylesheet.path, faviconPath: favicon.path, files: [stylesheet, favicon] };
}

function fingerprinted(assetsDir: string, name: string, contentType: string): StaticAsset {
  const body = fs.readFileSync(path.join(assetsDir, name));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const [stem, extension] = name.split('.');
  return { path: `/assets/${stem}.${hash}.${extension}`, contentType, body };
}
