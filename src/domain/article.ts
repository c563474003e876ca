// The content model's shapes and the small rules that belong to them.

export const articleTypes = ['news', 'opinion', 'analysis'] as const;
export type ArticleType = (typeof articleTypes)[number];

export const articleStatuses = ['draft', 'in_review', 'scheduled', 'published', 'archived'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

export const authorKinds = ['staff', 'columnist', 'contributor'] as const;
export type AuthorKind = (typeof authorKinds)[number];

export const sourceKinds = ['agency', 'document', 'statement', 'other'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const correctionKinds = ['correction', 'clarification', 'update'] as const;
export type CorrectionKind = (typeof correctionKinds)[number];

export type Source = { name: string; kind: SourceKind; url: string | null };
export type Correction = { at: string; kind: CorrectionKind; text: string };
export type FeaturedImage = {
  src: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  width: number;
  height: number;
};

export type Author = {
  id: string;
  slug: string;
  name: string;
  bio: string;
  photoSrc: string | null;
  jobTitle: string;
  kind: AuthorKind;
};

export type Section = { id: string; slug: string; name: string; description: string; position: number };
export type Tag = { id: string; slug: string; name: string };

/** What lists and teasers show of an article. */
export type ArticleSummary = {
  id: string;
  slug: string;
  sectionSlug: string;
  type: ArticleType;
  title: string;
  standfirst: string;
  image: FeaturedImage | null;
  publishedAt: string;
  updatedAt: string | null;
  authors: Pick<Author, 'id' | 'slug' | 'name' | 'photoSrc'>[];
};

export type Article = {
  id: string;
  slug: string;
  section: Section;
  type: ArticleType;
  status: ArticleStatus;
  title: string;
  standfirst: string;
  dateline: string | null;
  bodyMarkdown: string;
  bodyHtml: string;
  image: FeaturedImage | null;
  noindex: boolean;
  publishedAt: string | null;
  updatedAt: string | null;
  authors: Author[];
  tags: Tag[];
  sources: Source[];
  corrections: Correction[];
};

// What readers see. Storage translates both rules into SQL in `storage/reader-visibility.ts`, beside its
// use of them on rows; a test checks that the two choose the same articles on both databases.
//
// The rules read the status, never the clock: comparing with the clock would make pages change with no write
// to drop them from the caches. So a `published` article dated in the future is never stored: every write
// stores it as `scheduled` (`statusToStore`), and the scheduled-publishing job publishes it at its time.

/**
 * The status an article is written with: `published` with a date after `now` (both ISO-8601 UTC) becomes
 * `scheduled`, else it would be live at once; any other status is kept.
 */
export function statusToStore(status: ArticleStatus, publishedAt: string | null, now: string): ArticleStatus {
  return status === 'published' && publishedAt !== null && Date.parse(publishedAt) > Date.parse(now)
    ? 'scheduled'
    : status;
}

/** Readers can open it at its URL: published, with a publication date. */
export function isPublished<T extends { status: ArticleStatus; publishedAt: string | null }>(
  article: T,
): article is T & { publishedAt: string } {
  return article.status === 'published' && article.publishedAt !== null;
}

/**
 * Readers can find it: listings, search, feeds, sitemaps, related lists, previous/next, Content API lists.
 * A `noindex` article (withdrawn from indexing, e.g. by a court order) is published but findable nowhere.
 */
export function isFindable<T extends { status: ArticleStatus; publishedAt: string | null; noindex: boolean }>(
  article: T,
): article is T & { publishedAt: string } {
  return isPublished(article) && !article.noindex;
}
