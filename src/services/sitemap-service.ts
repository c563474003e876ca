// What the sitemaps list: the index of sitemap files (articles by month, sections, tags, authors, the
// publication's own pages), each file's URLs, and the Google News sitemap of the last hours. Articles flagged
// `noindex` are never listed.
import { listKey, pageKey, sectionsKey } from '../domain/content-keys.ts';
import { publicationPageKinds } from '../domain/publication-page.ts';
import {
  articlePath,
  authorPath,
  publicationPagePath,
  sectionPath,
  tagPath,
  type SitemapFileName,
} from '../domain/reader-paths.ts';
import type { SitemapRepository, TaxonomyKind } from '../storage/sitemap-repository.ts';
import type { Dependent } from './reader-service.ts';

export type { TaxonomyKind };

/** One file of the sitemap index, named as its URL names it. */
export type SitemapFile = SitemapFileName & { lastModifiedAt: string };

export type SitemapUrl = { path: string; lastModifiedAt: string };
export type NewsSitemapUrl = { path: string; title: string; publishedAt: string };

export type SitemapLimits = {
  /** The protocol allows 50,000. At most ~400 bytes per URL (slugs are at most 120 characters), a full file stays far below 50 MB. */
  maxUrlsPerFile: number;
  /** Google News reads at most 1,000 URLs per news sitemap. */
  maxNewsUrls: number;
  /** Google News wants articles of the last two days only. */
  newsWindowHours: number;
};

export const sitemapProtocolLimits: SitemapLimits = { maxUrlsPerFile: 50_000, maxNewsUrls: 1_000, newsWindowHours: 48 };

const taxonomyPath: Record<TaxonomyKind, (slug: string) => string> = {
  sections: sectionPath,
  tags: tagPath,
  authors: authorPath,
};
// What the URLs depend on: which articles are published and indexable (every article write records
// listKey.all), and the section slugs inside article URLs.
const sitemapDependencies = [listKey.all, sectionsKey];
// Every edit of a publication page moves its sitemap's lastmod.
const pageSitemapDependencies = publicationPageKinds.map(pageKey);

export class SitemapService {
  private readonly limits: SitemapLimits;

  constructor(
    private readonly sitemaps: SitemapRepository,
    limits: Partial<SitemapLimits> = {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.limits = { ...sitemapProtocolLimits, ...limits };
  }

  /**
   * The files to list. Months come from one grouped query. A section, tag or author sitemap is listed whole
   * unless its table alone holds more entries than a file may: only then is the (costlier) list read to
   * split it. Whole, its lastmod is the newest change of any indexable article: exact for sections and
   * authors (every article has both), an upper bound for tags.
   */
  async getIndex(): Promise<Dependent<{ files: SitemapFile[] }>> {
    const [months, pages, ...counts] = await Promise.all([
      this.sitemaps.listArticleMonths(),
      this.sitemaps.listPublicationPages(),
      ...taxonomyKinds.map((kind) => this.sitemaps.countTaxonomy(kind)),
    ]);
    const files: SitemapFile[] = [];
    for (const { month, count, lastModifiedAt } of months) {
      // A month too big for one file is split; each part carries the month's last change.
      for (const part of this.partsOf(count)) files.push({ kind: 'articles', month, part, lastModifiedAt });
    }
    const newestChange = newest(months.map((month) => month.lastModifiedAt));
    for (const [index, kind] of taxonomyKinds.entries()) {
      const count = counts[index] ?? 0;
      if (months.length === 0 || count === 0) continue;
      if (count <= this.limits.maxUrlsPerFile) {
        files.push({ kind, lastModifiedAt: newestChange });
        continue;
      }
      const rows = await this.sitemaps.listTaxonomy(kind);
      for (const part of this.partsOf(rows.length)) {
        const start = ((part ?? 1) - 1) * this.limits.maxUrlsPerFile;
        const partRows = rows.slice(start, start + this.limits.maxUrlsPerFile);
        files.push({ kind, part, lastModifiedAt: newest(partRows.map((row) => row.lastModifiedAt)) || newestChange });
      }
    }
    // A handful of pages: split only under a test's tiny limit, but the limit holds for every file.
    if (pages.length > 0) {
      for (const part of this.partsOf(pages.length)) {
        files.push({
          kind: 'pages',
          part,
          lastModifiedAt: newest(this.rowsOfPart(pages, part).map((page) => page.lastModifiedAt)),
        });
      }
    }
    return { files, dependencies: [...sitemapDependencies, ...pageSitemapDependencies] };
  }

  /** The URLs of one month's (or one part of a month's) articles; undefined when there is no such file. */
  async getArticleSitemap(
    month: string,
    part: number | undefined,
  ): Promise<Dependent<{ urls: SitemapUrl[] }> | undefined> {
    const range = monthRange(month);
    if (!range) return undefined;
    const count = await this.sitemaps.countArticlesPublishedBetween(range);
    if (!this.isPart(count, part)) return undefined;
    const limit = this.limits.maxUrlsPerFile;
    const rows = await this.sitemaps.listArticlesPublishedBetween(range, { limit, offset: ((part ?? 1) - 1) * limit });
    return {
      urls: rows.map((row) => ({ path: articlePath(row.sectionSlug, row.slug), lastModifiedAt: row.lastModifiedAt })),
      dependencies: sitemapDependencies,
    };
  }

  /** A section, tag or author sitemap; whole, it exists even when empty, since the index may list it so. */
  async getTaxonomySitemap(
    kind: TaxonomyKind,
    part: number | undefined,
  ): Promise<Dependent<{ urls: SitemapUrl[] }> | undefined> {
    const rows = await this.sitemaps.listTaxonomy(kind);
    if (!this.partsOf(rows.length).includes(part)) return undefined;
    const limit = this.limits.maxUrlsPerFile;
    const start = ((part ?? 1) - 1) * limit;
    return {
      urls: rows
        .slice(start, start + limit)
        .map((row) => ({ path: taxonomyPath[kind](row.slug), lastModifiedAt: row.lastModifiedAt })),
      dependencies: sitemapDependencies,
    };
  }

  /** The publication's own pages that exist; undefined when there is none, as the index then lists no file. */
  async getPublicationPageSitemap(part: number | undefined): Promise<Dependent<{ urls: SitemapUrl[] }> | undefined> {
    const rows = await this.sitemaps.listPublicationPages();
    if (rows.length === 0 || !this.partsOf(rows.length).includes(part)) return undefined;
    return {
      urls: this.rowsOfPart(rows, part).map((row) => ({
        path: publicationPagePath(row.slug),
        lastModifiedAt: row.lastModifiedAt,
      })),
      dependencies: pageSitemapDependencies,
    };
  }

  /**
   * Articles published in the news window, newest first. The list changes with time alone, when its oldest
   * article leaves the window: `expiresAt` says when, so that a cached copy can be dropped then.
   */
  async getNewsSitemap(): Promise<Dependent<{ urls: NewsSitemapUrl[]; expiresAt?: string }>> {
    const now = this.clock();
    const windowMs = this.limits.newsWindowHours * 3_600_000;
    // `until` one millisecond past now: an article published this very millisecond belongs in it.
    const range = {
      from: new Date(now.getTime() - windowMs).toISOString(),
      until: new Date(now.getTime() + 1).toISOString(),
    };
    const rows = await this.sitemaps.listNewestArticles(range, this.limits.maxNewsUrls);
    const oldest = rows.at(-1);
    return {
      urls: rows.map((row) => ({
        path: articlePath(row.sectionSlug, row.slug),
        title: row.title,
        publishedAt: row.publishedAt,
      })),
      ...(oldest ? { expiresAt: new Date(Date.parse(oldest.publishedAt) + windowMs).toISOString() } : {}),
      dependencies: sitemapDependencies,
    };
  }

  /** The parts a list of `count` URLs is served in: `[undefined]` for one file, `[1, 2, …]` when split. */
  private partsOf(count: number): (number | undefined)[] {
    if (count <= this.limits.maxUrlsPerFile) return [undefined];
    return Array.from({ length: Math.ceil(count / this.limits.maxUrlsPerFile) }, (_, index) => index + 1);
  }

  private rowsOfPart<Row>(rows: Row[], part: number | undefined): Row[] {
    const start = ((part ?? 1) - 1) * this.limits.maxUrlsPerFile;
    return rows.slice(start, start + this.limits.maxUrlsPerFile);
  }

  /** Whether a month of `count` articles has this part (`undefined`: the whole month, unsplit). */
  private isPart(count: number, part: number | undefined): boolean {
    return count > 0 && this.partsOf(count).includes(part);
  }
}

const taxonomyKinds: TaxonomyKind[] = ['sections', 'tags', 'authors'];

/** `2026-11` → the stored-format instants that bound November 2026 (UTC). */
function monthRange(month: string): { from: string; until: string } | undefined {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return undefined;
  const from = new Date(`${month}-01T00:00:00.000Z`);
  const until = new Date(from);
  until.setUTCMonth(until.getUTCMonth() + 1);
  return { from: from.toISOString(), until: until.toISOString() };
}

function newest(instants: string[]): string {
  // biome-ignore lint/complexity/useMathMinMax: ISO instants, compared as strings
  return instants.reduce((a, b) => (b > a ? b : a), '');
}
