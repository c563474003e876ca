// The Content API's reads: filtered article lists with cursors, single articles, the taxonomies.
import {
  isPublished,
  type Article,
  type ArticleSummary,
  type ArticleType,
  type Author,
  type Section,
  type Tag,
} from '../domain/article.ts';
import { articleKey, authorKey, listKey, sectionKey, sectionsKey, tagKey } from '../domain/content-keys.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { ArticleCursor, ArticleFilter, ArticleRepository } from '../storage/article-repository.ts';
import type { TaxonomyRepository } from '../storage/taxonomy-repository.ts';
import type { Dependent } from './reader-service.ts';

export type ArticleListRequest = {
  section?: string;
  tag?: string;
  author?: string;
  type?: ArticleType;
  cursor?: string;
  limit: number;
};

export class ContentApiService {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly taxonomy: TaxonomyRepository,
  ) {}

  async listArticles(
    request: ArticleListRequest,
  ): Promise<Dependent<{ articles: ArticleSummary[]; nextCursor: string | null }>> {
    const filter: ArticleFilter = {};
    const dependencies: string[] = [];
    if (request.section) {
      const section = await this.taxonomy.findPublishedSectionBySlug(request.section);
      if (!section) throw new NotFoundError(`No section "${request.section}".`, { field: 'section' });
      filter.sectionId = section.id;
      dependencies.push(listKey.section(section.id));
    }
    if (request.tag) {
      const tag = await this.taxonomy.findPublishedTagBySlug(request.tag);
      if (!tag) throw new NotFoundError(`No tag "${request.tag}".`, { field: 'tag' });
      filter.tagId = tag.id;
      dependencies.push(listKey.tag(tag.id));
    }
    if (request.author) {
      const author = await this.taxonomy.findPublishedAuthorBySlug(request.author);
      if (!author) throw new NotFoundError(`No author "${request.author}".`, { field: 'author' });
      filter.authorId = author.id;
      dependencies.push(listKey.author(author.id));
    }
    if (request.type) {
      filter.type = request.type;
      dependencies.push(listKey.type(request.type));
    }
    if (dependencies.length === 0) dependencies.push(listKey.all);
    const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    const page = await this.articles.listFindable(filter, { limit: request.limit + 1, after });
    const articles = page.slice(0, request.limit);
    const last = articles[articles.length - 1];
    return {
      articles,
      nextCursor:
        page.length > request.limit && last ? encodeCursor({ publishedAt: last.publishedAt, id: last.id }) : null,
      dependencies: [
        ...dependencies,
        ...articles.flatMap((a) => [articleKey(a.id), ...a.authors.map((x) => authorKey(x.id))]),
      ],
    };
  }

  async getArticle(slug: string): Promise<Dependent<{ article: Article }>> {
    const article = await this.articles.findBySlug(slug);
    if (!article || !isPublished(article))
      throw new NotFoundError(`No published article "${slug}".`, { field: 'slug' });
    return {
      article,
      dependencies: [
        articleKey(article.id),
        sectionKey(article.section.id),
        ...article.authors.map((a) => authorKey(a.id)),
        ...article.tags.map((t) => tagKey(t.id)),
      ],
    };
  }

  async listAuthors(): Promise<Dependent<{ authors: Author[] }>> {
    const authors = await this.taxonomy.listPublishedAuthors();
    return { authors, dependencies: [listKey.all, ...authors.map((a) => authorKey(a.id))] };
  }

  async listSections(): Promise<Dependent<{ sections: Section[] }>> {
    return { sections: await this.taxonomy.listPublishedSections(), dependencies: [sectionsKey] };
  }

  async listTags(): Promise<Dependent<{ tags: Tag[] }>> {
    return { tags: await this.taxonomy.listPublishedTags(), dependencies: [listKey.all] };
  }
}

function encodeCursor(cursor: ArticleCursor): string {
  return Buffer.from(JSON.stringify([cursor.publishedAt, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): ArticleCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return { publishedAt: value[0] as string, id: value[1] as string };
    }
  } catch {
    // reported below
  }
  throw new ValidationError('The cursor is not one this API returned.', { field: 'cursor' });
}
