// The article page: label, headline, standfirst, byline, dates, image, body, sources, corrections, tags,
// then related articles and the previous/next article in the section.
import type { Source } from '../../domain/article.ts';
import { articlePath, authorPath, sectionPath, tagPath } from '../../domain/reader-paths.ts';
import type { ArticlePage } from '../../services/reader-service.ts';
import { Byline, PublishedTime, Teaser } from './article-parts.tsx';
import { PageLayout } from './page-layout.tsx';
import type { SiteContext } from './site-context.ts';
import { articleStructuredData } from './structured-data.tsx';

export function ArticleView({ page, context }: { page: ArticlePage; context: SiteContext }) {
  const { article, previous, next, related } = page;
  const { messages } = context;
  const publishedAt = article.publishedAt ?? '';
  const isOpinion = article.type === 'opinion';
  // "Opinione · Opinioni" says the same thing twice: drop the section when its name echoes the label.
  const typeLabel = messages.articleType[article.type].toLowerCase();
  const isSectionNamedForType = article.section.name.toLowerCase().startsWith(typeLabel.slice(0, -1));
  return (
    <PageLayout
      context={{ ...context, currentSectionSlug: article.section.slug }}
      head={{
        title: article.title,
        description: article.standfirst,
        canonicalPath: articlePath(article.section.slug, article.slug),
        openGraphType: 'article',
        image: article.image,
        publishedAt: article.publishedAt,
        modifiedAt: article.updatedAt,
        isNoindex: article.noindex,
        structuredData: articleStructuredData(article, context),
      }}
    >
      <article class={`article article-${article.type}`}>
        <header class="article-header">
          <p class="article-kicker">
            <span class="type-label">{messages.articleType[article.type]}</span>
            {!isSectionNamedForType && (
              <>
                {' · '}
                <a href={sectionPath(article.section.slug)}>{article.section.name}</a>
              </>
            )}
          </p>
          <h1 class="article-title">{article.title}</h1>
          {article.standfirst && <p class="article-standfirst">{article.standfirst}</p>}
          <div class="article-meta">
            {/* Only without a featured image: the page stays within four requests. */}
            {isOpinion && !article.image && article.authors[0]?.photoSrc && (
              <img
                class="byline-photo"
                src={article.authors[0].photoSrc}
                alt=""
                width={64}
                height={64}
                decoding="async"
              />
            )}
            <div>
              <Byline authors={article.authors} context={context} />
              <p class="article-dates">
                <PublishedTime iso={publishedAt} context={context} />
                {article.updatedAt && article.updatedAt > publishedAt && (
                  <>
                    {' · '}
                    <span class="updated">
                      {messages.updatedOn} <PublishedTime iso={article.updatedAt} context={context} />
                    </span>
                  </>
                )}
              </p>
            </div>
          </div>
        </header>
        {article.image && (
          <figure class="article-image">
            <img
              src={article.image.src}
              alt={article.image.alt}
              width={article.image.width}
              height={article.image.height}
              fetchpriority="high"
              decoding="async"
            />
            {(article.image.caption || article.image.credit) && (
              <figcaption>
                {article.image.caption}
                {article.image.credit && <span class="credit"> {article.image.credit}</span>}
              </figcaption>
            )}
          </figure>
        )}
        <div class="article-body" dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
        {article.sources.length > 0 && (
          <section class="article-sources" aria-labelledby="fonti">
            <h2 id="fonti">{messages.sources}</h2>
            <ul>
              {article.sources.map((source) => (
                <li>
                  <SourceName source={source} />
                  <span class="source-kind"> · {messages.sourceKind[source.kind]}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {article.corrections.length > 0 && (
          <section class="article-corrections" aria-labelledby="correzioni">
            <h2 id="correzioni">{messages.corrections}</h2>
            <ul>
              {article.corrections.map((correction) => (
                <li>
                  <strong>{messages.correctionKind[correction.kind]}</strong> (
                  <PublishedTime iso={correction.at} context={context} />
                  ): {correction.text}
                </li>
              ))}
            </ul>
          </section>
        )}
        {article.tags.length > 0 && (
          <nav class="article-tags" aria-label={messages.tags}>
            <h2 class="visually-hidden">{messages.tags}</h2>
            <ul>
              {article.tags.map((tag) => (
                <li>
                  <a href={tagPath(tag.slug)}>{tag.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {isOpinion &&
          article.authors
            .filter((author) => author.bio)
            .map((author) => (
              <aside class="author-box" aria-label={author.name}>
                <p>
                  <a href={authorPath(author.slug)}>{author.name}</a>
                  {author.jobTitle && <>, {author.jobTitle}</>}. {author.bio}
                </p>
              </aside>
            ))}
      </article>
      {related.length > 0 && (
        <section class="related" aria-labelledby="correlati">
          <h2 id="correlati" class="block-title">
            {messages.related}
          </h2>
          <div class="teaser-grid">
            {related.map((item) => (
              <Teaser article={item} context={context} showStandfirst={false} />
            ))}
          </div>
        </section>
      )}
      {(previous || next) && (
        <nav class="article-neighbours" aria-label={`${messages.inSection} ${article.section.name}`}>
          {previous && (
            <a class="neighbour-previous" href={articlePath(previous.sectionSlug, previous.slug)}>
              <span class="neighbour-label">{messages.previousArticle}</span>
              <span class="neighbour-title">{previous.title}</span>
            </a>
          )}
          {next && (
            <a class="neighbour-next" href={articlePath(next.sectionSlug, next.slug)}>
              <span class="neighbour-label">{messages.nextArticle}</span>
              <span class="neighbour-title">{next.title}</span>
            </a>
          )}
        </nav>
      )}
    </PageLayout>
  );
}

function SourceName({ source }: { source: Source }) {
  return source.url ? (
    <a href={source.url} rel="noopener noreferrer">
      {source.name}
    </a>
  ) : (
    <span>{source.name}</span>
  );
}
