// Paginated lists of articles: a section, a tag, an author (with bio and photo).
import type { ArticleSummary, Author } from '../../domain/article.ts';
import { pagedPath } from '../../domain/reader-paths.ts';
import type { Paged } from '../../services/reader-service.ts';
import { Pagination, Teaser } from './article-parts.tsx';
import { PageLayout } from './page-layout.tsx';
import type { SiteContext } from './site-context.ts';

export type ListingHeading = {
  title: string;
  description: string;
  basePath: string;
  author?: Author;
  sectionSlug?: string;
};

export function ListingView({
  heading,
  articles,
  context,
}: {
  heading: ListingHeading;
  articles: Paged<ArticleSummary>;
  context: SiteContext;
}) {
  const { messages, publication } = context;
  const { page, pageCount } = articles;
  const author = heading.author;
  return (
    <PageLayout
      context={{ ...context, currentSectionSlug: heading.sectionSlug }}
      head={{
        title: page > 1 ? `${heading.title} – ${messages.pageOf(page, pageCount)}` : heading.title,
        description: heading.description || messages.listingDescription(heading.title, publication.name),
        canonicalPath: pagedPath(heading.basePath, page),
        previousPath: page > 1 ? pagedPath(heading.basePath, page - 1) : undefined,
        nextPath: page < pageCount ? pagedPath(heading.basePath, page + 1) : undefined,
        image: author?.photoSrc
          ? { src: author.photoSrc, alt: messages.photoOf(author.name), width: 240, height: 240 }
          : null,
        feed: { basePath: heading.basePath, title: heading.title },
      }}
    >
      <header class={author ? 'listing-header author-header' : 'listing-header'}>
        {author?.photoSrc && (
          <img
            class="author-photo"
            src={author.photoSrc}
            alt={messages.photoOf(author.name)}
            width={120}
            height={120}
            decoding="async"
          />
        )}
        <div>
          <h1 class="listing-title">{heading.title}</h1>
          {author?.jobTitle && <p class="author-job">{author.jobTitle}</p>}
          {heading.description && <p class="listing-description">{heading.description}</p>}
          <p class="listing-count">{messages.articleCount(articles.total)}</p>
        </div>
      </header>
      {author && <h2 class="block-title">{messages.authorArticles(author.name)}</h2>}
      {articles.items.length === 0 ? (
        <p>{messages.noArticles}</p>
      ) : (
        <div class="listing">
          {articles.items.map((article) => (
            <Teaser article={article} context={context} headingLevel={author ? 3 : 2} showImage />
          ))}
        </div>
      )}
      <Pagination basePath={heading.basePath} page={page} pageCount={pageCount} context={context} />
    </PageLayout>
  );
}
