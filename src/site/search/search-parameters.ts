// The search page's URL: `/cerca?q=…&sezione=…&tipo=…&autore=…&dal=…&al=…&pagina=N`, in Italian like the
// rest of the reader site. Reading it never fails: odd values become filters the service reports as invalid.
import type { ArticleType } from '../../domain/article.ts';
import type { PageQuery } from '../../domain/page-result.ts';
import type { SearchInput } from '../../services/search-service.ts';

export const searchPath = '/cerca';

const typeParameterValues: Record<string, ArticleType> = { notizia: 'news', opinione: 'opinion', analisi: 'analysis' };
export const typeParameterOf: Record<ArticleType, string> = { news: 'notizia', opinion: 'opinione', analysis: 'analisi' };

/** Filters on the page, as they appear in its URL. */
export type SearchParameters = { q: string; sezione: string; tipo: string; autore: string; dal: string; al: string };

export function readSearchParameters(query: PageQuery): { parameters: SearchParameters; input: SearchInput } {
  const read = (name: string, maxLength: number) => {
    const value = query[name];
    const text = Array.isArray(value) ? value[0] : value;
    return (text ?? '').slice(0, maxLength).trim();
  };
  const parameters = { q: read('q', 2000), sezione: read('sezione', 100), tipo: read('tipo', 20), autore: read('autore', 100), dal: read('dal', 20), al: read('al', 20) };
  const pageText = read('pagina', 10);
  const page = /^[1-9]\d{0,3}$/.test(pageText) ? Number(pageText) : 1;
  return {
    parameters,
    input: {
      text: parameters.q,
      page,
      section: parameters.sezione || undefined,
      type: parameters.tipo ? (typeParameterValues[parameters.tipo] ?? parameters.tipo) : undefined,
      author: parameters.autore || undefined,
      from: parameters.dal || undefined,
      to: parameters.al || undefined,
    },
  };
}

/** The URL of a search with these parameters at `page`; empty parameters are left out. */
export function searchUrl(parameters: Partial<SearchParameters>, page = 1): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value) query.set(name, value);
  if (page > 1) query.set('pagina', String(page));
  const text = query.toString();
  return text ? `${searchPath}?${text}` : searchPath;
}
