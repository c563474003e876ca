// Reads the search page's query (its names are in domain/reader-paths.ts) into what the search service takes.
// Reading it never fails: odd values become filters the service reports as invalid.
import type { ArticleType } from '../../domain/article.ts';
import type { PageQuery } from '../../domain/page-result.ts';
import { pageParameter, typeParameterOf, type SearchParameters } from '../../domain/reader-paths.ts';
import type { SearchInput } from '../../services/search-service.ts';

const typeParameterValues = Object.fromEntries(
  Object.entries(typeParameterOf).map(([type, value]) => [value, type]),
) as Record<string, ArticleType>;

export function readSearchParameters(query: PageQuery): { parameters: SearchParameters; input: SearchInput } {
  const read = (name: string, maxLength: number) => {
    const value = query[name];
    const text = Array.isArray(value) ? value[0] : value;
    return (text ?? '').slice(0, maxLength).trim();
  };
  const parameters = {
    q: read('q', 2000),
    sezione: read('sezione', 100),
    tipo: read('tipo', 20),
    autore: read('autore', 100),
    dal: read('dal', 20),
    al: read('al', 20),
  };
  const pageText = read(pageParameter, 10);
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
