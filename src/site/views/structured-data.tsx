// Structured data for search engines: an article as schema.org JSON-LD (NewsArticle, OpinionNewsArticle or
// AnalysisNewsArticle), in a <script type="application/ld+json"> data block that browsers never execute.
import type { Article, ArticleType, FeaturedImage } from '../../domain/article.ts';
import type { PublicationPageKind, PublicationPageLink } from '../../domain/publication-page.ts';
import { articlePath, authorPath, homePath, publicationPagePath } from '../../domain/reader-paths.ts';
import type { SiteContext } from './site-context.ts';

export type JsonLd = { '@context': 'https://schema.org'; '@type': string; [property: string]: unknown };

const schemaTypeOf: Record<ArticleType, string> = {
  news: 'NewsArticle',
  opinion: 'OpinionNewsArticle',
  analysis: 'AnalysisNewsArticle',
};

/** The NewsMediaOrganization properties that point to the publication's own pages; "about us" has none. */
const organizationPropertyOf: Partial<Record<PublicationPageKind, string>> = {
  'publishing-principles': 'publishingPrinciples',
  'corrections-policy': 'correctionsPolicy',
  'ethics-policy': 'ethicsPolicy',
  masthead: 'masthead',
};

/** The article's JSON-LD; the publisher links only the policy pages that exist. */
export function articleStructuredData(
  article: Article,
  context: Pick<SiteContext, 'publication' | 'messages' | 'absoluteUrl' | 'pages'>,
): JsonLd {
  const { publication, messages, absoluteUrl } = context;
  const url = absoluteUrl(articlePath(article.section.slug, article.slug));
  const publishedAt = article.publishedAt ?? undefined;
  const modifiedAt =
    article.updatedAt && publishedAt && article.updatedAt > publishedAt ? article.updatedAt : publishedAt;
  const mediaUrl = (src: string) => (src.startsWith('/') ? absoluteUrl(src) : src);
  return {
    '@context': 'https://schema.org',
    '@type': schemaTypeOf[article.type],
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.title,
    ...(article.standfirst ? { description: article.standfirst } : {}),
    ...(article.image ? { image: [imageObject(article.image, mediaUrl)] } : {}),
    ...(publishedAt ? { datePublished: publishedAt, dateModified: modifiedAt } : {}),
    author: article.authors.map((author) => ({
      '@type': 'Person',
      name: author.name,
      url: absoluteUrl(authorPath(author.slug)),
      ...(author.jobTitle ? { jobTitle: author.jobTitle } : {}),
    })),
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: publication.name,
      url: absoluteUrl(homePath),
      ...(publication.logoSrc ? { logo: { '@type': 'ImageObject', url: mediaUrl(publication.logoSrc) } } : {}),
      ...policyLinks(context.pages, absoluteUrl),
    },
    ...(article.dateline ? { dateline: article.dateline } : {}),
    inLanguage: publication.locale,
    articleSection: article.section.name,
    ...(article.tags.length > 0 ? { keywords: article.tags.map((tag) => tag.name) } : {}),
    ...(article.sources.length > 0
      ? {
          citation: article.sources.map((source) => ({
            '@type': 'CreativeWork',
            name: source.name,
            ...(source.url ? { url: source.url } : {}),
          })),
        }
      : {}),
    ...(article.corrections.length > 0
      ? {
          correction: article.corrections.map((correction) => ({
            '@type': 'CorrectionComment',
            name: messages.correctionKind[correction.kind],
            text: correction.text,
            datePublished: correction.at,
          })),
        }
      : {}),
    isAccessibleForFree: true,
  };
}

function policyLinks(pages: PublicationPageLink[], absoluteUrl: (path: string) => string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const page of pages) {
    const property = organizationPropertyOf[page.kind];
    if (property) links[property] = absoluteUrl(publicationPagePath(page.slug));
  }
  return links;
}

function imageObject(image: FeaturedImage, mediaUrl: (src: string) => string) {
  return {
    '@type': 'ImageObject',
    url: mediaUrl(image.src),
    width: image.width,
    height: image.height,
    ...(image.caption ? { caption: image.caption } : {}),
    ...(image.credit ? { creditText: image.credit } : {}),
  };
}

export function StructuredData({ data }: { data: JsonLd }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />;
}

/**
 * JSON that cannot end the script element or open a comment in it: `<`, `>` and `&` become `\u003c`,
 * `\u003e` and `\u0026` (the same string to a JSON parser), so a headline holding `</script>` stays data.
 */
export function serializeJsonLd(data: JsonLd): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
