// The search page: the form (words, and filters that work without JavaScript), then results with a
// highlighted passage each, or an explanation of why there are none.
import type { Author } from '../../domain/article.ts';
import { searchPath, searchUrl, typeParameterOf, type SearchParameters } from '../../domain/reader-paths.ts';
import { isCalendarDate } from '../../domain/time-zone.ts';
import { resultsPerPage, type SearchOutcome } from '../../services/search-service.ts';
import { Teaser } from '../views/article-parts.tsx';
import { PageLayout } from '../views/page-layout.tsx';
import type { SiteContext } from '../views/site-context.ts';

export type SearchViewProps = {
  parameters: SearchParameters;
  outcome: SearchOutcome | undefined;
  authors: Author[];
  context: SiteContext;
};

export function SearchView({ parameters, outcome, authors, context }: SearchViewProps) {
  const { messages } = context;
  const text = messages.search;
  const hasQuery = parameters.q !== '';
  const hasFilters = Boolean(
    parameters.sezione || parameters.tipo || parameters.autore || parameters.dal || parameters.al,
  );
  const title = hasQuery ? text.resultsFor(parameters.q.slice(0, 80)) : text.title;
  return (
    <PageLayout
      context={context}
      head={{
        title: outcome && outcome.page > 1 ? `${title} – ${messages.pageOf(outcome.page, outcome.pageCount)}` : title,
        description: text.label,
        canonicalPath: hasQuery || hasFilters ? undefined : searchPath,
        isNoindex: hasQuery || hasFilters,
        hasSearchForm: true,
      }}
    >
      <header class="listing-header">
        <h1 class="listing-title">{title}</h1>
      </header>
      {/* biome-ignore lint/a11y/useSemanticElements: the search landmark on the form itself, as every browser knows it */}
      <form class="search-form" role="search" action={searchPath} method="get">
        <label for="search-words">{text.label}</label>
        <div class="search-row">
          <input
            id="search-words"
            type="search"
            name="q"
            value={parameters.q}
            placeholder={text.placeholder}
            maxLength={300}
          />
          <button type="submit">{text.button}</button>
        </div>
        <details class="search-filters" open={hasFilters}>
          <summary>{text.filters}</summary>
          <div class="search-filter-grid">
            <label>
              {text.section}
              <select name="sezione">
                <option value="">{text.any}</option>
                {context.sections.map((s) => (
                  <option value={s.slug} selected={s.slug === parameters.sezione}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {text.type}
              <select name="tipo">
                <option value="">{text.any}</option>
                {(['news', 'opinion', 'analysis'] as const).map((type) => (
                  <option value={typeParameterOf[type]} selected={typeParameterOf[type] === parameters.tipo}>
                    {messages.articleType[type]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {text.author}
              <select name="autore">
                <option value="">{text.any}</option>
                {authors.map((a) => (
                  <option value={a.slug} selected={a.slug === parameters.autore}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {text.from}
              <input type="date" name="dal" value={isCalendarDate(parameters.dal) ? parameters.dal : ''} />
            </label>
            <label>
              {text.to}
              <input type="date" name="al" value={isCalendarDate(parameters.al) ? parameters.al : ''} />
            </label>
          </div>
          <p class="search-filter-actions">
            <button type="submit">{text.apply}</button>
            {hasFilters && <a href={searchUrl({ q: parameters.q })}>{text.clearFilters}</a>}
          </p>
        </details>
      </form>
      {outcome && <SearchResults parameters={parameters} outcome={outcome} context={context} />}
      <section class="search-help" aria-labelledby="come-cercare">
        <h2 id="come-cercare" class="block-title">
          {text.syntaxTitle}
        </h2>
        <ul>
          {text.syntaxTips.map((tip) => (
            <li>
              {tip.map((part) =>
                typeof part === 'string' ? part : <a href={searchUrl({ q: part.search })}>«{part.search}»</a>,
              )}
            </li>
          ))}
        </ul>
      </section>
    </PageLayout>
  );
}

function SearchResults({
  parameters,
  outcome,
  context,
}: {
  parameters: SearchParameters;
  outcome: SearchOutcome;
  context: SiteContext;
}) {
  const { messages } = context;
  const text = messages.search;
  const notices = [
    ...outcome.notes.map((note) => text.notes[note]),
    ...outcome.invalidFilters.map((f) => text.invalidFilter(text.filterName[f.field], f.value)),
  ];
  const isSearched = outcome.notes.every((note) => note === 'too-long' || note === 'too-many-words');
  return (
    <section class="search-results" aria-labelledby="risultati">
      <h2 id="risultati" class="visually-hidden">
        {text.results}
      </h2>
      {notices.length > 0 && (
        <div class="search-notices" role="status">
          {notices.map((notice) => (
            <p>{notice}</p>
          ))}
        </div>
      )}
      {isSearched && outcome.total === 0 && (
        <div class="search-empty">
          <p>{text.noResults(parameters.q.slice(0, 80))}</p>
          <ul>
            {text.noResultsTips.map((tip) => (
              <li>{tip}</li>
            ))}
          </ul>
        </div>
      )}
      {outcome.total > 0 && (
        <p class="listing-count">
          {outcome.isTotalCapped ? text.cappedCount(outcome.rankingWindow) : text.resultCount(outcome.total)}
        </p>
      )}
      {outcome.results.length > 0 && (
        <ol class="search-result-list" start={(outcome.page - 1) * resultsPerPage + 1}>
          {outcome.results.map(({ article, snippet }) => (
            <li>
              <Teaser article={article} context={context} headingLevel={3}>
                {snippet.length > 0 && (
                  <p class="search-snippet">
                    {snippet.map((part) => (part.isMatch ? <mark>{part.text}</mark> : part.text))}
                  </p>
                )}
              </Teaser>
            </li>
          ))}
        </ol>
      )}
      {outcome.pageCount > 1 && (
        <nav class="pagination" aria-label={messages.pagination}>
          {outcome.page > 1 ? (
            <a rel="prev" href={searchUrl(parameters, outcome.page - 1)}>
              {messages.previousPage}
            </a>
          ) : (
            <span />
          )}
          <span class="pagination-position">{messages.pageOf(outcome.page, outcome.pageCount)}</span>
          {outcome.page < outcome.pageCount ? (
            <a rel="next" href={searchUrl(parameters, outcome.page + 1)}>
              {messages.nextPage}
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </section>
  );
}
