// The Content API's JSON shapes: snake_case fields, every item with its absolute `url`.
import type { Article, ArticleSummary, Author, FeaturedImage, Section, Tag } from '../domain/article.ts';
import { articlePath, authorPath, sectionPath, tagPath } from '../domain/reader-paths.ts';

export type UrlMaker = (path: string) => string;

const imageJson = (image: FeaturedImage | null, url: UrlMaker) =>
  image && { ...image, src: image.src.startsWith('/') ? url(image.src) : image.src };

export function articleSummaryJson(article: ArticleSummary, url: UrlMaker) {
  return {
    id: article.id,
    slug: article.slug,
    url: url(articlePath(article.sectionSlug, article.slug)),
    type: article.type,
    title: article.title,
    standfirst: article.standfirst,
    section: { slug: article.sectionSlug, url: url(sectionPath(article.sectionSlug)) },
    authors: article.authors.map((a) => ({ slug: a.slug, name: a.name, url: url(authorPath(a.slug)) })),
    image: imageJson(article.image, url),
    published_at: article.publishedAt,
    updated_at: article.updatedAt,
  };
}

export function articleJson(article: Article, url: UrlMaker) {
  return {
    id: article.id,
    slug: article.slug,
    url: url(articlePath(article.section.slug, article.slug)),
    type: article.type,
    title: article.title,
    standfirst: article.standfirst,
    dateline: article.dateline,
    section: sectionJson(article.section, url),
    authors: article.authors.map((a) => authorJson(a, url)),
    tags: article.tags.map((t) => tagJson(t, url)),
    sources: article.sources,
    corrections: article.corrections,
    image: imageJson(article.image, url),
    body_html: article.bodyHtml,
    noindex: article.noindex,
    published_at: article.publishedAt,
    updated_at: article.updatedAt,
  };
}

export function authorJson(author: Author, url: UrlMaker) {
  return {
    slug: author.slug,
    url: url(authorPath(author.slug)),
    name: author.name,
    kind: author.kind,
    job_title: author.jobTitle,
    bio: author.bio,
    photo: author.photoSrc && (author.photoSrc.startsWith('/') ? url(author.photoSrc) : author.photoSrc),
  };
}

export function sectionJson(section: Section, url: UrlMaker) {
  return {
    slug: section.slug,
    url: url(sectionPath(section.slug)),
    name: section.name,
    description: section.description,
    position: section.position,
  };
}

export function tagJson(tag: Tag, url: UrlMaker) {
  return { slug: tag.slug, url: url(tagPath(tag.slug)), name: tag.name };
}
