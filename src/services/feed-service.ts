// What a feed shows: the publication, the feed's subject (the whole site, a section, a tag or an author),
// its newest indexable articles, whether they go out in full, and the content keys the feed depends on.
import type { Author, Section, Tag } from '../domain/article.ts';
import {
  articleKey,
  authorKey,
  listKey,
  publicationKey,
  sectionKey,
  sectionsKey,
  tagKey,
} from '../domain/content-keys.ts';
import { unnamedPublication, type Publication } from '../domain/publication.ts';
import type { FeedArticle, FeedFilter, FeedRepository } from '../storage/feed-repository.ts';
import type { PublicationRepository } from '../storage/publication-repository.ts';
import type { TaxonomyRepository } from '../storage/taxonomy-repository.ts';

export type { FeedArticle };

export const feedArticleLimit = 30;

export type FeedScope = { kind: 'site' } | { kind: 'section' | 'tag' | 'author'; slug: string };

export type FeedSubject =
  | { kind: 'site' }
  | { kind: 'section'; section: Section }
  | { kind: 'tag'; tag: Tag }
  | { kind: 'author'; author: Author };

export type Feed = {
  publication: Publication;
  /** When the publication row last changed: the feed's date when it has no article. */
  publicationChangedAt: string | null;
  subject: FeedSubject;
  isFullText: boolean;
  articles: FeedArticle[];
  dependencies: string[];
};

export class FeedService {
  constructor(
    private readonly feeds: FeedRepository,
    private readonly taxonomy: TaxonomyRepository,
    private readonly publications: PublicationRepository,
  ) {}

  /** The feed of a scope, or undefined when its section, tag or author does not exist. */
  async getFeed(scope: FeedScope): Promise<Feed | undefined> {
    const found = await this.findSubject(scope);
    if (!found) return undefined;
    const [publication, settings, articles] = await Promise.all([
      this.publications.find(),
      this.feeds.findSettings(),
      this.feeds.listNewest(found.filter, feedArticleLimit),
    ]);
    const keys = new Set([publicationKey, sectionsKey, ...found.keys]);
    for (const article of articles) {
      keys.add(articleKey(article.id));
      keys.add(sectionKey(article.section.id));
      for (const author of article.authors) keys.add(authorKey(author.id));
      for (const tag of article.tags) keys.add(tagKey(tag.id));
    }
    return {
      publication: publication ?? unnamedPublication,
      publicationChangedAt: settings.publicationChangedAt,
      subject: found.subject,
      isFullText: settings.isFullText,
      articles,
      dependencies: [...keys],
    };
  }

  private async findSubject(
    scope: FeedScope,
  ): Promise<{ subject: FeedSubject; filter: FeedFilter; keys: string[] } | undefined> {
    switch (scope.kind) {
      case 'site':
        return { subject: scope, filter: {}, keys: [listKey.all] };
      case 'section': {
        const section = await this.taxonomy.findPublishedSectionBySlug(scope.slug);
        return (
          section && {
            subject: { kind: 'section', section },
            filter: { sectionId: section.id },
            keys: [sectionKey(section.id), listKey.section(section.id)],
          }
        );
      }
      case 'tag': {
        const tag = await this.taxonomy.findPublishedTagBySlug(scope.slug);
        return (
          tag && {
            subject: { kind: 'tag', tag },
            filter: { tagId: tag.id },
            keys: [tagKey(tag.id), listKey.tag(tag.id)],
          }
        );
      }
      case 'author': {
        const author = await this.taxonomy.findPublishedAuthorBySlug(scope.slug);
        return (
          author && {
            subject: { kind: 'author', author },
            filter: { authorId: author.id },
            keys: [authorKey(author.id), listKey.author(author.id)],
          }
        );
      }
    }
  }
}
