// Search as readers use it: the words they typed, optional filters (section, type, author, dates in the
// publication's calendar), ten results a page with a highlighted passage each. Nothing a reader types
// is an error: what cannot be searched comes back as notes for the page to explain.
import { articleTypes, type ArticleSummary, type ArticleType, type Author, type Section } from '../domain/article.ts';
import { textOfHtml } from '../domain/search/html-text.ts';
import { highlightedTerms, parseSearchQuery, type SearchQueryNote } from '../domain/search/search-query.ts';
import { buildSnippet, type SnippetPart } from '../domain/search/snippet.ts';
import { isCalendarDate, nextDay, startOfDayIn } from '../domain/time-zone.ts';
import type { ArticleRepository } from '../storage/article-repository.ts';
import type { PublicationRepository } from '../storage/publication-repository.ts';
import { rankingWindow, type SearchFilters, type SearchIndexRepository } from '../storage/search-index.ts';
import type { TransactionRunner } from '../storage/repositories.ts';
import type { TaxonomyRepository } from '../storage/taxonomy-repository.ts';

export const resultsPerPage = 10;
export const searchFilterFields = ['section', 'type', 'author', 'from', 'to'] as const;
export type SearchFilterField = (typeof searchFilterFields)[number];

/** Filters by slug, type name and calendar date (YYYY-MM-DD, both ends inclusive). */
export type SearchInput = { text: string; page: number } & Partial<Record<SearchFilterField, string>>;

export type SearchResult = { article: ArticleSummary; snippet: SnippetPart[] };

export type SearchOutcome = {
  notes: SearchQueryNote[];
  filters: { section?: Section; type?: ArticleType; author?: Author; from?: string; to?: string };
  /** Filter values that name nothing (an unknown section, an impossible date): ignored, and said so. */
  invalidFilters: { field: SearchFilterField; value: string }[];
  results: SearchResult[];
  total: number;
  /** More articles matched than are ranked: `total` is the newest `rankingWindow` of them. */
  isTotalCapped: boolean;
  rankingWindow: number;
  page: number;
  pageCount: number;
};

export type SearchDependencies = {
  index: SearchIndexRepository;
  articles: ArticleRepository;
  taxonomy: TaxonomyRepository;
  publications: PublicationRepository;
};

export class SearchService {
  constructor(
    private readonly storage: SearchDependencies,
    private readonly transaction: TransactionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async search(input: SearchInput): Promise<SearchOutcome> {
    const query = parseSearchQuery(input.text);
    const { filters, searchFilters, invalidFilters } = await this.resolveFilters(input);
    const page = Math.max(1, Math.floor(input.page));
    const hits = await this.storage.index.search({
      query,
      filters: searchFilters,
      offset: (page - 1) * resultsPerPage,
      limit: resultsPerPage,
      now: this.clock().toISOString(),
    });
    const found = await this.storage.articles.listFindableWithBodies(hits.articleIds);
    const terms = highlightedTerms(query);
    return {
      notes: query.notes,
      filters,
      invalidFilters,
      results: found.map(({ article, bodyHtml }) => ({ article, snippet: buildSnippet(textOfHtml(bodyHtml), terms) })),
      total: hits.total,
      isTotalCapped: hits.isTotalCapped,
      rankingWindow,
      page,
      pageCount: Math.max(1, Math.ceil(hits.total / resultsPerPage)),
    };
  }

  /** Analyses every searchable article again, in one transaction: readers search the old index until it commits. */
  rebuildIndex(): Promise<number> {
    return this.transaction((repositories) => repositories.search.rebuild());
  }

  /** The authors a reader may narrow a search to. */
  listAuthors(): Promise<Author[]> {
    return this.storage.taxonomy.listPublishedAuthors();
  }

  private async resolveFilters(input: SearchInput) {
    const filters: SearchOutcome['filters'] = {};
    const searchFilters: SearchFilters = {};
    const invalidFilters: SearchOutcome['invalidFilters'] = [];
    const { section, type, author, from, to } = input;
    if (section) {
      filters.section = await this.storage.taxonomy.findPublishedSectionBySlug(section);
      if (filters.section) searchFilters.sectionId = filters.section.id;
      else invalidFilters.push({ field: 'section', value: section });
    }
    if (type) {
      if ((articleTypes as readonly string[]).includes(type)) searchFilters.type = filters.type = type as ArticleType;
      else invalidFilters.push({ field: 'type', value: type });
    }
    if (author) {
      filters.author = await this.storage.taxonomy.findPublishedAuthorBySlug(author);
      if (filters.author) searchFilters.authorId = filters.author.id;
      else invalidFilters.push({ field: 'author', value: author });
    }
    if (from || to) {
      const timeZone = (await this.storage.publications.find())?.timeZone ?? 'Europe/Rome';
      if (from && isCalendarDate(from)) searchFilters.publishedFrom = startOfDayIn((filters.from = from), timeZone);
      else if (from) invalidFilters.push({ field: 'from', value: from });
      if (to && isCalendarDate(to)) searchFilters.publishedBefore = startOfDayIn(nextDay((filters.to = to)), timeZone);
      else if (to) invalidFilters.push({ field: 'to', value: to });
    }
    return { filters, searchFilters, invalidFilters };
  }
}
