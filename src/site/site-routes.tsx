// The reader site's routes: each parses its parameters, asks the reader service, renders a view.
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { ErrorPageRenderer, PageQuery, PageResult, PageRoute } from '../domain/page-result.ts';
import { listKey } from '../domain/content-keys.ts';
import { publicationPageKinds, publicationPageSlugs } from '../domain/publication-page.ts';
import {
  articlePath,
  authorPath,
  homePath,
  pageParameter,
  publicationPagePath,
  searchPath,
  searchUrl,
  sectionPath,
  tagPath,
} from '../domain/reader-paths.ts';
import { isSlug } from '../domain/slug.ts';
import { ReaderService } from '../services/reader-service.ts';
import type { SearchService } from '../services/search-service.ts';
import { dateFormatter } from './i18n/dates.ts';
import { messagesFor } from './i18n/messages.ts';
import { readSearchParameters } from './search/search-parameters.ts';
import { SearchView } from './search/search-view.tsx';
import type { SiteAssets } from './site-assets.ts';
import { ArticleView } from './views/article-view.tsx';
import { ErrorView } from './views/error-view.tsx';
import { HomeView } from './views/home-view.tsx';
import { ListingView } from './views/listing-view.tsx';
import { PublicationPageView } from './views/publication-page-view.tsx';
import type { SiteContext } from './views/site-context.ts';

export type ReaderSite = { routes: PageRoute[]; renderErrorPage: ErrorPageRenderer };

const maxPage = 100_000;

export function createReaderSite(options: {
  reader: ReaderService;
  search: SearchService;
  publicUrl: string;
  assets: SiteAssets;
}): ReaderSite {
  const { reader, search, publicUrl, assets } = options;

  async function loadContext(isForErrorPage = false): Promise<SiteContext> {
    const { publication, sections, pages } = isForErrorPage
      ? await reader.getFrameForErrorPage()
      : await reader.getFrame();
    return {
      publication,
      sections,
      pages,
      messages: messagesFor(publication.locale),
      dates: dateFormatter(publication.locale, publication.timeZone),
      absoluteUrl: (path) => publicUrl + path,
      stylesheetPath: assets.stylesheetPath,
      faviconPath: assets.faviconPath,
    };
  }

  const page = (view: VNode, dependencies: string[]): PageResult => ({
    kind: 'page',
    html: `<!DOCTYPE html>${render(view)}`,
    dependencies: [...ReaderService.frameDependencies, ...dependencies],
  });

  /** A listing route: `?pagina=N`, with page 1 canonical without the parameter. */
  const listing =
    (
      basePath: (slug: string) => string,
      build: (slug: string, pageNumber: number, context: SiteContext) => Promise<PageResult>,
    ) =>
    async ({ params, query }: { params: Record<string, string>; query: PageQuery }): Promise<PageResult> => {
      const slug = params.slug ?? '';
      if (!isSlug(slug)) return { kind: 'not-found' };
      const pageNumber = parsePageNumber(query);
      if (pageNumber === 'invalid')
        return { kind: 'bad-request', reason: `${pageParameter} must be a whole number from 1` };
      if (pageNumber === 'first-explicit') return { kind: 'redirect', location: basePath(slug) };
      return build(slug, pageNumber, await loadContext());
    };

  const routes: PageRoute[] = [
    {
      path: homePath,
      render: async () => {
        const [home, context] = await Promise.all([reader.getHomePage(), loadContext()]);
        return page(<HomeView page={home} context={context} />, home.dependencies);
      },
    },
    {
      // Not cached with a query; the bare form page is.
      path: searchPath,
      queryUse: 'whole',
      render: async ({ query }) => {
        const { parameters, input } = readSearchParameters(query);
        const isSearching = Object.values(parameters).some((value) => value !== '');
        const [outcome, authors, context] = await Promise.all([
          isSearching ? search.search(input) : undefined,
          search.listAuthors(),
          loadContext(),
        ]);
        // Past the last page of results: back to the first rather than an empty page. Temporary, since new
        // articles can bring that page into being.
        if (outcome && input.page > outcome.pageCount)
          return { kind: 'redirect', location: searchUrl(parameters), isTemporary: true };
        return page(<SearchView parameters={parameters} outcome={outcome} authors={authors} context={context} />, [
          listKey.all,
        ]);
      },
    },
    {
      path: `${searchPath}/`,
      render: async ({ query }) => ({ kind: 'redirect', location: searchUrl(readSearchParameters(query).parameters) }),
    },
    {
      path: sectionPath(':slug'),
      queryUse: 'page',
      render: listing(sectionPath, async (slug, pageNumber, context) => {
        const result = await reader.getSectionPage(slug, pageNumber);
        if (!result) return { kind: 'not-found' };
        const section = result.subject;
        return page(
          <ListingView
            heading={{
              title: section.name,
              description: section.description,
              basePath: sectionPath(slug),
              sectionSlug: slug,
            }}
            articles={result.articles}
            context={context}
          />,
          result.dependencies,
        );
      }),
    },
    {
      path: tagPath(':slug'),
      queryUse: 'page',
      render: listing(tagPath, async (slug, pageNumber, context) => {
        const result = await reader.getTagPage(slug, pageNumber);
        if (!result) return { kind: 'not-found' };
        return page(
          <ListingView
            heading={{
              title: context.messages.tagTitle(result.subject.name),
              description: '',
              basePath: tagPath(slug),
            }}
            articles={result.articles}
            context={context}
          />,
          result.dependencies,
        );
      }),
    },
    {
      path: authorPath(':slug'),
      queryUse: 'page',
      render: listing(authorPath, async (slug, pageNumber, context) => {
        const result = await reader.getAuthorPage(slug, pageNumber);
        if (!result) return { kind: 'not-found' };
        const author = result.subject;
        return page(
          <ListingView
            heading={{ title: author.name, description: author.bio, basePath: authorPath(slug), author }}
            articles={result.articles}
            context={context}
          />,
          result.dependencies,
        );
      }),
    },
    {
      path: articlePath(':section', ':slug'),
      // It answers any query with a redirect to the bare URL, so only that is cached.
      queryUse: 'whole',
      render: async ({ params, query }) => {
        const { section = '', slug = '' } = params;
        if (!isSlug(section) || !isSlug(slug)) return { kind: 'not-found' };
        if (Object.keys(query).length > 0) return { kind: 'redirect', location: articlePath(section, slug) };
        const [lookup, context] = await Promise.all([reader.getArticlePage(section, slug), loadContext()]);
        if (lookup.kind === 'missing') return { kind: 'not-found' };
        if (lookup.kind === 'moved')
          return { kind: 'redirect', location: articlePath(lookup.sectionSlug, lookup.slug) };
        return {
          ...page(<ArticleView page={lookup.page} context={context} />, lookup.page.dependencies),
          isNoindex: lookup.page.article.noindex,
        };
      },
    },
    // The publication's own pages, each at its fixed path; static routes win over `/:slug/`.
    ...publicationPageKinds.map(
      (kind): PageRoute => ({
        path: publicationPagePath(publicationPageSlugs[kind]),
        render: async () => {
          const [found, context] = await Promise.all([reader.getPublicationPage(kind), loadContext()]);
          if (!found) return { kind: 'not-found' };
          return page(<PublicationPageView page={found} context={context} />, found.dependencies);
        },
      }),
    ),
  ];

  const renderErrorPage: ErrorPageRenderer = async (status) => {
    const context = await loadContext(true);
    return `<!DOCTYPE html>${render(<ErrorView status={status} context={context} />)}`;
  };

  return { routes, renderErrorPage };
}

function parsePageNumber(query: PageQuery): number | 'invalid' | 'first-explicit' {
  const value = query[pageParameter];
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) return 'invalid';
  const pageNumber = Number(value);
  if (pageNumber > maxPage) return 'invalid';
  return pageNumber === 1 ? 'first-explicit' : pageNumber;
}
