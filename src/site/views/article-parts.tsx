// Small pieces shared by pages: bylines, teasers, publication times, pagination.
import type { ComponentChildren } from 'preact';
import type { ArticleSummary } from '../../domain/article.ts';
import { articlePath, authorPath, pagedPath } from '../../domain/reader-paths.ts';
import type { SiteContext } from './site-context.ts';

type BylineAuthor = { slug: string; name: string };

export function Byline({ authors, context }: { authors: BylineAuthor[]; context: SiteContext }) {
  if (authors.length === 0) return null;
  const { messages } = context;
  return (
    <p class="byline">
      {messages.by}{' '}
      {authors.map((author, index) => (
        <>
          {index > 0 && (index === authors.length - 1 ? ` ${messages.and} ` : ', ')}
          <a href={authorPath(author.slug)}>{author.name}</a>
        </>
      ))}
    </p>
  );
}

export function PublishedTime({ iso, context }: { iso: string; context: SiteContext }) {
  return <time datetime={iso}>{context.dates.dateTime(iso)}</time>;
}

export function Teaser({
  article,
  context,
  headingLevel = 3,
  showImage = false,
  showStandfirst = true,
  children,
}: {
  article: ArticleSummary;
  context: SiteContext;
  headingLevel?: 2 | 3;
  showImage?: boolean;
  showStandfirst?: boolean;
  /** Shown after the standfirst (a search result's passage). */
  children?: ComponentChildren;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const href = articlePath(article.sectionSlug, article.slug);
  return (
    <article class={`teaser teaser-${article.type}`}>
      {showImage && article.image && (
        <img
          class="teaser-image"
          src={article.image.src}
          alt=""
          width={article.image.width}
          height={article.image.height}
          loading="lazy"
          decoding="async"
        />
      )}
      {article.type !== 'news' && <p class="type-label">{context.messages.articleType[article.type]}</p>}
      <Heading class="teaser-title">
        <a href={href}>{article.title}</a>
      </Heading>
      {showStandfirst && article.standfirst && <p class="teaser-standfirst">{article.standfirst}</p>}
      {children}
      <p class="teaser-meta">
        {article.authors.length > 0 && <span>{article.authors.map((a) => a.name).join(', ')} · </span>}
        <PublishedTime iso={article.publishedAt} context={context} />
      </p>
    </article>
  );
}

export function Pagination({
  basePath,
  page,
  pageCount,
  context,
}: {
  basePath: string;
  page: number;
  pageCount: number;
  context: SiteContext;
}) {
  if (pageCount <= 1) return null;
  const { messages } = context;
  return (
    <nav class="pagination" aria-label={messages.pagination}>
      {page > 1 ? (
        <a rel="prev" href={pagedPath(basePath, page - 1)}>
          {messages.previousPage}
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-position">{messages.pageOf(page, pageCount)}</span>
      {page < pageCount ? (
        <a rel="next" href={pagedPath(basePath, page + 1)}>
          {messages.nextPage}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
