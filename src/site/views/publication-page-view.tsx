// One of the publication's own pages (about us, masthead, editorial standards): title, summary, the date
// of its last change, and its body, styled as an article's so it reads like the rest of the site.
import { publicationPagePath } from '../../domain/reader-paths.ts';
import type { PublicationPage } from '../../domain/publication-page.ts';
import { PageLayout } from './page-layout.tsx';
import type { SiteContext } from './site-context.ts';

export function PublicationPageView({ page, context }: { page: PublicationPage; context: SiteContext }) {
  const { messages, dates } = context;
  return (
    <PageLayout
      context={context}
      head={{ title: page.title, description: page.description, canonicalPath: publicationPagePath(page.slug) }}
    >
      <article class="article publication-page">
        <header class="article-header">
          <h1 class="article-title">{page.title}</h1>
          {page.description && <p class="article-standfirst">{page.description}</p>}
          <p class="article-dates">
            {messages.lastUpdated} <time datetime={page.updatedAt}>{dates.date(page.updatedAt)}</time>
          </p>
        </header>
        <div class="article-body" dangerouslySetInnerHTML={{ __html: page.bodyHtml }} />
      </article>
    </PageLayout>
  );
}
