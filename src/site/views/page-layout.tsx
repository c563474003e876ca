// The frame of every reader page: head with canonical and Open Graph data, masthead, navigation, footer.
import type { ComponentChildren } from 'preact';
import { homePath, publicationPagePath, searchPath, sectionPath } from '../../domain/reader-paths.ts';
import { FeedLinks, type FeedScopeLink } from './feed-links.tsx';
import type { SiteContext } from './site-context.ts';
import { StructuredData, type JsonLd } from './structured-data.tsx';

export type PageHead = {
  title: string;
  description: string;
  /** Absent on pages that are not a resource of their own (errors). */
  canonicalPath?: string;
  openGraphType?: 'website' | 'article';
  image?: { src: string; alt: string; width: number; height: number } | null;
  publishedAt?: string | null;
  modifiedAt?: string | null;
  previousPath?: string;
  nextPath?: string;
  isNoindex?: boolean;
  /** The listing whose feeds the page offers besides the site's. */
  feed?: FeedScopeLink;
  /** The search page has its own form: no second one in the masthead. */
  hasSearchForm?: boolean;
  /** schema.org JSON-LD describing the page's main entity (an article). */
  structuredData?: JsonLd;
};

export function PageLayout({
  context,
  head,
  children,
}: {
  context: SiteContext;
  head: PageHead;
  children: ComponentChildren;
}) {
  const { publication, messages } = context;
  const fullTitle = head.canonicalPath === homePath ? head.title : `${head.title} – ${publication.name}`;
  const canonicalUrl = head.canonicalPath === undefined ? undefined : context.absoluteUrl(head.canonicalPath);
  const imageUrl =
    head.image && (head.image.src.startsWith('/') ? context.absoluteUrl(head.image.src) : head.image.src);
  return (
    <html lang={publication.locale.split('-')[0] ?? 'it'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {head.description && <meta name="description" content={head.description} />}
        {head.isNoindex && <meta name="robots" content="noindex" />}
        <meta name="color-scheme" content="light dark" />
        {canonicalUrl && <link rel="canonical" href={canonicalUrl} />}
        {head.previousPath && <link rel="prev" href={context.absoluteUrl(head.previousPath)} />}
        {head.nextPath && <link rel="next" href={context.absoluteUrl(head.nextPath)} />}
        <link rel="stylesheet" href={context.stylesheetPath} />
        <link rel="icon" href={context.faviconPath} type="image/svg+xml" />
        <FeedLinks context={context} scope={head.feed} />
        <meta property="og:site_name" content={publication.name} />
        <meta property="og:locale" content={publication.locale.replace('-', '_')} />
        <meta property="og:type" content={head.openGraphType ?? 'website'} />
        <meta property="og:title" content={head.title} />
        {head.description && <meta property="og:description" content={head.description} />}
        {canonicalUrl && <meta property="og:url" content={canonicalUrl} />}
        {imageUrl && <meta property="og:image" content={imageUrl} />}
        {imageUrl && head.image && <meta property="og:image:alt" content={head.image.alt} />}
        {head.publishedAt && <meta property="article:published_time" content={head.publishedAt} />}
        {head.modifiedAt && <meta property="article:modified_time" content={head.modifiedAt} />}
        <meta name="twitter:card" content={imageUrl ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={head.title} />
        {head.description && <meta name="twitter:description" content={head.description} />}
        {imageUrl && <meta name="twitter:image" content={imageUrl} />}
        {imageUrl && head.image && <meta name="twitter:image:alt" content={head.image.alt} />}
        {head.structuredData && <StructuredData data={head.structuredData} />}
      </head>
      <body>
        <a class="skip-link" href="#contenuto">
          {messages.skipToContent}
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <a class="masthead-name" href="/">
              {publication.name}
            </a>
            {publication.tagline && <p class="masthead-tagline">{publication.tagline}</p>}
          </div>
          {!head.hasSearchForm && (
            // biome-ignore lint/a11y/useSemanticElements: the search landmark on the form itself, as every browser knows it
            <form class="masthead-search" role="search" action={searchPath} method="get">
              <label class="visually-hidden" for="masthead-search-words">
                {messages.search.label}
              </label>
              <input
                id="masthead-search-words"
                type="search"
                name="q"
                placeholder={messages.search.placeholder}
                maxLength={300}
              />
              <button type="submit">{messages.search.button}</button>
            </form>
          )}
          <nav class="section-nav" aria-label={messages.mainNavigation}>
            <ul>
              {context.sections.map((section) => (
                <li>
                  <a
                    href={sectionPath(section.slug)}
                    aria-current={section.slug === context.currentSectionSlug ? 'page' : undefined}
                  >
                    {section.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="contenuto">{children}</main>
        <SiteFooter context={context} />
      </body>
    </html>
  );
}

function SiteFooter({ context }: { context: SiteContext }) {
  const { publication, messages } = context;
  const legal = publication.legal;
  const entries: [string, string][] = [
    [messages.editorInChief, legal.editorInChief],
    [messages.publisher, legal.publisher],
    [messages.vatNumber, legal.vatNumber],
    [messages.address, legal.address],
    [messages.hostingProvider, legal.hostingProvider],
  ];
  return (
    <footer class="site-footer">
      <p class="footer-name">{publication.name}</p>
      {publication.description && <p>{publication.description}</p>}
      {context.pages.length > 0 && (
        <nav class="footer-pages" aria-label={messages.publicationPagesNavigation}>
          <ul>
            {context.pages.map((page) => (
              <li>
                <a href={publicationPagePath(page.slug)}>{messages.publicationPageLink[page.kind]}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <section aria-labelledby="note-legali">
        <h2 id="note-legali" class="footer-heading">
          {messages.legalNotice}
        </h2>
        {legal.registrationCourt && (
          <p>
            {messages.registration(
              legal.registrationCourt,
              legal.registrationNumber,
              /^\d{4}-\d{2}-\d{2}$/.test(legal.registrationDate)
                ? context.dates.date(`${legal.registrationDate}T12:00:00Z`)
                : legal.registrationDate,
            )}
          </p>
        )}
        <dl class="legal-notice">
          {entries
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </section>
      <p class="powered-by">{messages.poweredBy}</p>
    </footer>
  );
}
