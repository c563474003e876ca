// What the reader site shows: each method gathers one page's content and the keys it depends on.
import {
  isPublished,
  type Article,
  type ArticleSummary,
  type Author,
  type Section,
  type Tag,
} from '../domain/article.ts';
import {
  articleKey,
  authorKey,
  everythingKey,
  listKey,
  pageKey,
  publicationKey,
  relatedListKey,
  sectionKey,
  sectionsKey,
  tagKey,
} from '../domain/content-keys.ts';
import { unnamedPublication, type Publication } from '../domain/publication.ts';
import {
  publicationPageKinds,
  type PublicationPage,
  type PublicationPageKind,
  type PublicationPageLink,
} from '../domain/publication-page.ts';
import { shownRelatedCount } from '../domain/related/related-score.ts';
import type { ArticleFilter, ArticleRepository } from '../storage/article-repository.ts';
import type { PublicationPageRepository } from '../storage/publication-page-repository.ts';
import type { PublicationRepository } from '../storage/publication-repository.ts';
import type { RelatedArticleRepository } from '../storage/related-article-repository.ts';
import type { TaxonomyRepository } from '../storage/taxonomy-repository.ts';

export const articlesPerPage = 20;

/** `pages`: the publication's own pages that exist, in the order of their kinds (linked from every footer). */
type Frame = { publication: Publication; sections: Section[]; pages: PublicationPageLink[] };

export type Paged<T> = { items: T[]; page: number; pageCount: number; total: number };
export type Dependent<T> = T & { dependencies: string[] };

export type HomePage = {
  lead?: ArticleSummary;
  latest: ArticleSummary[];
  bySection: { section: Section; articles: ArticleSummary[] }[];
  opinions: ArticleSummary[];
};
export type ArticlePage = {
  article: Article;
  previous?: ArticleSummary;
  next?: ArticleSummary;
  related: ArticleSummary[];
};
export type ListingPage<Subject> = { subject: Subject; articles: Paged<ArticleSummary> };

export type ArticleLookup =
  | { kind: 'found'; page: Dependent<ArticlePage> }
  | { kind: 'moved'; sectionSlug: string; slug: string }
  | { kind: 'missing' };

export class ReaderService {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly taxonomy: TaxonomyRepository,
    private readonly publications: PublicationRepository,
    private readonly publicationPages: PublicationPageRepository,
    private readonly relatedArticles: RelatedArticleRepository,
  ) {}

  private frame: Frame | undefined;
  private lastFrame: Frame | undefined;

  /** The publication, its sections and which of its own pages exist: what every page's frame shows. Kept until `forgetFrame`. */
  async getFrame(): Promise<Frame> {
    if (this.frame) return this.frame;
    const [publication, sections, pages] = await Promise.all([
      this.publications.find(),
      this.taxonomy.listPublishedSections(),
      this.publicationPages.listLinks(),
    ]);
    pages.sort((a, b) => publicationPageKinds.indexOf(a.kind) - publicationPageKinds.indexOf(b.kind));
    this.frame = this.lastFrame = { publication: publication ?? unnamedPublication, sections, pages };
    return this.frame;
  }

  /** For error pages: the frame even when the database is away (the last one seen, or a bare one). */
  async getFrameForErrorPage(): Promise<Frame> {
    try {
      return await this.getFrame();
    } catch {
      return this.lastFrame ?? { publication: unnamedPublication, sections: [], pages: [] };
    }
  }

  /** Called when content keys change; drops the kept frame if they touch it. */
  noteChangedKeys(keys: string[]): void {
    if (keys.some((key) => key === publicationKey || key === sectionsKey || key === everythingKey))
      this.frame = undefined;
  }

  static readonly frameDependencies = [publicationKey, sectionsKey];

  async getHomePage(): Promise<Dependent<HomePage>> {
    const [latestNews, opinions, sections] = await Promise.all([
      this.articles.listFindable({ type: 'news' }, { limit: 9 }),
      this.articles.listFindable({ type: 'opinion' }, { limit: 6 }),
      this.taxonomy.listPublishedSections(),
    ]);
    const lead = latestNews.find((a) => a.image) ?? latestNews[0];
    const latest = latestNews.filter((a) => a !== lead).slice(0, 8);
    const shownIds = [lead, ...latest].filter((a) => a !== undefined).map((a) => a.id);
    const bySection = (
      await Promise.all(
        sections
          .filter((s) => s.slug !== 'opinioni')
          .map(async (section) => ({
            section,
            articles: await this.articles.listFindable({ sectionId: section.id }, { limit: 4, excludeIds: shownIds }),
          })),
      )
    ).filter((block) => block.articles.length > 0);
    const shown = [lead, ...latest, ...opinions, ...bySection.flatMap((b) => b.articles)].filter(
      (a) => a !== undefined,
    );
    return {
      lead,
      latest,
      bySection,
      opinions,
      dependencies: [listKey.all, ...summaryKeys(shown)],
    };
  }

  async getArticlePage(sectionSlug: string, slug: string): Promise<ArticleLookup> {
    const article = await this.articles.findBySlug(slug);
    if (!article || !isPublished(article)) {
      const formerPath = `/${sectionSlug}/${slug}/`;
      const target = await this.articles.findRedirectTarget(formerPath);
      return target ? { kind: 'moved', ...target } : { kind: 'missing' };
    }
    if (article.section.slug !== sectionSlug)
      return { kind: 'moved', sectionSlug: article.section.slug, slug: article.slug };
    const [neighbours, related] = await Promise.all([
      this.articles.findNeighbours({ id: article.id, sectionId: article.section.id, publishedAt: article.publishedAt }),
      this.findRelated({ id: article.id, publishedAt: article.publishedAt, tagIds: article.tags.map((t) => t.id) }),
    ]);
    const shown = [neighbours.previous, neighbours.next, ...related.articles].filter((a) => a !== undefined);
    return {
      kind: 'found',
      page: {
        article,
        ...neighbours,
        related: related.articles,
        dependencies: [
          articleKey(article.id),
          relatedListKey(article.id),
          sectionKey(article.section.id),
          ...article.authors.map((a) => authorKey(a.id)),
          ...article.tags.map((t) => tagKey(t.id)),
          ...summaryKeys(shown),
          // Shown or not: an article of the stored list that becomes findable again (its list unchanged) comes back.
          ...related.storedIds.map(articleKey),
        ],
      },
    };
  }

  /** One of the publication's own pages; undefined until it has content. */
  async getPublicationPage(kind: PublicationPageKind): Promise<Dependent<PublicationPage> | undefined> {
    const page = await this.publicationPages.find(kind);
    return page && { ...page, dependencies: [pageKey(kind)] };
  }

  /**
   * The list computed by text when there is one (less any article no longer findable), else the articles sharing
   * most tags; and the ids of the computed list.
   */
  private async findRelated(article: {
    id: string;
    publishedAt: string;
    tagIds: string[];
  }): Promise<{ articles: ArticleSummary[]; storedIds: string[] }> {
    const storedIds = (await this.relatedArticles.findList(article.id)).map((item) => item.relatedId);
    const byText = await this.articles.listFindableByIds(storedIds);
    if (byText.length > 0) return { articles: byText.slice(0, shownRelatedCount), storedIds };
    return { articles: await this.articles.findRelated(article, shownRelatedCount), storedIds };
  }

  /** Where a path that is no longer an article's now lives, if anywhere. */
  async findMovedArticle(path: string): Promise<{ sectionSlug: string; slug: string } | undefined> {
    return this.articles.findRedirectTarget(path);
  }

  async getSectionPage(slug: string, page: number): Promise<Dependent<ListingPage<Section>> | undefined> {
    const section = await this.taxonomy.findPublishedSectionBySlug(slug);
    if (!section) return undefined;
    return this.listing(section, { sectionId: section.id }, page, [
      sectionKey(section.id),
      listKey.section(section.id),
    ]);
  }

  async getTagPage(slug: string, page: number): Promise<Dependent<ListingPage<Tag>> | undefined> {
    const tag = await this.taxonomy.findPublishedTagBySlug(slug);
    if (!tag) return undefined;
    return this.listing(tag, { tagId: tag.id }, page, [tagKey(tag.id), listKey.tag(tag.id)]);
  }

  async getAuthorPage(slug: string, page: number): Promise<Dependent<ListingPage<Author>> | undefined> {
    const author = await this.taxonomy.findPublishedAuthorBySlug(slug);
    if (!author) return undefined;
    return this.listing(author, { authorId: author.id }, page, [authorKey(author.id), listKey.author(author.id)]);
  }

  private async listing<Subject>(
    subject: Subject,
    filter: ArticleFilter,
    page: number,
    keys: string[],
  ): Promise<Dependent<ListingPage<Subject>> | undefined> {
    const total = await this.articles.countFindable(filter);
    const pageCount = Math.max(1, Math.ceil(total / articlesPerPage));
    if (page > pageCount) return undefined;
    const items = await this.articles.listFindable(filter, {
      limit: articlesPerPage,
      offset: (page - 1) * articlesPerPage,
    });
    return {
      subject,
      articles: { items, page, pageCount, total },
      dependencies: [...keys, ...summaryKeys(items)],
    };
  }
}

function summaryKeys(summaries: ArticleSummary[]): string[] {
  return summaries.flatMap((s) => [articleKey(s.id), ...s.authors.map((a) => authorKey(a.id))]);
}
