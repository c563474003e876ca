// robots.txt: every crawler may fetch everything; the sitemaps say where the articles are.

export const textContentType = 'text/plain; charset=utf-8';

export function robotsTxt(sitemapUrls: string[]): string {
  return ['User-agent: *', 'Allow: /', '', ...sitemapUrls.map((url) => `Sitemap: ${url}`), ''].join('\n');
}
