// The reader site's URL scheme, shared by pages, the Content API, feeds and sitemaps.
import { publicationPageSlugs } from './publication-page.ts';

export const articlePath = (sectionSlug: string, slug: string) => `/${sectionSlug}/${slug}/`;
export const sectionPath = (slug: string) => `/${slug}/`;
export const tagPath = (slug: string) => `/tag/${slug}/`;
export const authorPath = (slug: string) => `/autore/${slug}/`;
export const publicationPagePath = (slug: string) => `/${slug}/`;
export const pageParameter = 'pagina';

/** `/esteri/` + page 3 → `/esteri/?pagina=3`; page 1 is the bare path. */
export function pagedPath(path: string, page: number): string {
  return page <= 1 ? path : `${path}?${pageParameter}=${page}`;
}

/** First path segments and article slugs the site itself uses: no section or article may take them. */
export const reservedSlugs: ReadonlySet<string> = new Set([
  'api', 'assets', 'autore', 'cerca', 'feed', 'healthz', 'media', 'metrics', 'newsletter', 'sitemaps', 'sostienici', 'tag',
  ...Object.values(publicationPageSlugs),
]);
