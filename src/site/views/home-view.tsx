// The front page: the lead story, the latest news, the opinion rail and a block per section.
import { articlePath, homePath, sectionPath } from '../../domain/reader-paths.ts';
import type { HomePage } from '../../services/reader-service.ts';
import { Byline, PublishedTime, Teaser } from './article-parts.tsx';
import { PageLayout } from './page-layout.tsx';
import type { SiteContext } from './site-context.ts';

export function HomeView({ page, context }: { page: HomePage; context: SiteContext }) {
  const { publication, messages } = context;
  const lead = page.lead;
  return (
    <PageLayout
      context={context}
      head={{
        title: publication.name,
        // Search engines show it under the name; a publication not yet described still gets a true one.
        description: publication.description || publication.tagline || messages.homeDescription(publication.name),
        canonicalPath: homePath,
      }}
    >
      <h1 class="visually-hidden">{publication.name}</h1>
      <div class="front">
        <div class="front-main">
          {lead && (
            <section class="lead" aria-labelledby="lead-title">
              <p class="kicker">{messages.leadStory}</p>
              {lead.image && (
                <img
                  class="lead-image"
                  src={lead.image.src}
                  alt={lead.image.alt}
                  width={lead.image.width}
                  height={lead.image.height}
                  fetchpriority="high"
                  decoding="async"
                />
              )}
              <h2 id="lead-title" class="lead-title">
                <a href={articlePath(lead.sectionSlug, lead.slug)}>{lead.title}</a>
              </h2>
              {lead.standfirst && <p class="lead-standfirst">{lead.standfirst}</p>}
              <Byline authors={lead.authors} context={context} />
              <p class="teaser-meta">
                <PublishedTime iso={lead.publishedAt} context={context} />
              </p>
            </section>
          )}
          {page.latest.length > 0 && (
            <section class="latest" aria-labelledby="latest-title">
              <h2 id="latest-title" class="block-title">
                {messages.latestNews}
              </h2>
              <div class="teaser-grid">
                {page.latest.map((article) => (
                  <Teaser article={article} context={context} />
                ))}
              </div>
            </section>
          )}
        </div>
        {page.opinions.length > 0 && (
          <aside class="opinion-rail" aria-labelledby="opinions-title">
            <h2 id="opinions-title" class="block-title">
              {messages.opinions}
            </h2>
            <ul>
              {page.opinions.map((opinion) => {
                const columnist = opinion.authors[0];
                return (
                  <li class="opinion-item">
                    {columnist?.photoSrc && (
                      <img
                        class="opinion-photo"
                        src={columnist.photoSrc}
                        alt=""
                        width={56}
                        height={56}
                        loading="lazy"
                        decoding="async"
                      />
                    )}
                    <a href={articlePath(opinion.sectionSlug, opinion.slug)}>
                      <span class="opinion-title">{opinion.title}</span>
                      {columnist && (
                        <span class="opinion-author">
                          {' — '}
                          {messages.opinionBy} {opinion.authors.map((a) => a.name).join(', ')}
                        </span>
                      )}
                    </a>
                  </li>
                );
              })}
            </ul>
          </aside>
        )}
      </div>
      {page.bySection.map(({ section, articles }) => (
        <section class="section-block" aria-labelledby={`blocco-${section.slug}`}>
          <h2 id={`blocco-${section.slug}`} class="block-title">
            <a href={sectionPath(section.slug)}>{section.name}</a>
          </h2>
          <div class="teaser-grid">
            {articles.map((article) => (
              <Teaser article={article} context={context} showImage />
            ))}
          </div>
          <p class="more-link">
            <a href={sectionPath(section.slug)}>{messages.more(section.name)}</a>
          </p>
        </section>
      ))}
    </PageLayout>
  );
}
