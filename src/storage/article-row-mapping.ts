// Turns article rows into the domain's shapes.
import type { ArticleSummary, ArticleType, FeaturedImage } from '../domain/article.ts';
import type { ArticleRow } from './database-schema.ts';

export type ImageColumns = Pick<
  ArticleRow,
  'image_src' | 'image_alt' | 'image_caption' | 'image_credit' | 'image_width' | 'image_height'
>;

export const summaryColumns = [
  'articles.id',
  'articles.slug',
  'sections.slug as section_slug',
  'articles.type',
  'articles.title',
  'articles.standfirst',
  'articles.image_src',
  'articles.image_alt',
  'articles.image_caption',
  'articles.image_credit',
  'articles.image_width',
  'articles.image_height',
  'articles.published_at',
  'articles.updated_at',
] as const;

export type SummaryRow = ImageColumns & {
  id: string;
  slug: string;
  section_slug: string;
  type: string;
  title: string;
  standfirst: string;
  published_at: string | null;
  updated_at: string | null;
};

export function imageFromRow(row: ImageColumns): FeaturedImage | null {
  if (!row.image_src) return null;
  return {
    src: row.image_src,
    alt: row.image_alt ?? '',
    caption: row.image_caption,
    credit: row.image_credit,
    width: row.image_width ?? 1200,
    height: row.image_height ?? 675,
  };
}

export function summaryFromRow(row: SummaryRow, authors: ArticleSummary['authors']): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    sectionSlug: row.section_slug,
    type: row.type as ArticleType,
    title: row.title,
    standfirst: row.standfirst,
    image: imageFromRow(row),
    publishedAt: row.published_at ?? '',
    updatedAt: row.updated_at,
    authors,
  };
}
