// Which cache keys a write to an article touches: its own, its lists (before and after), its neighbours, and
// the list of sections when it is the one published article that makes its section shown.
import { isFindable, isPublished, type Article } from '../domain/article.ts';
import { articleKey, listKey, sectionsKey } from '../domain/content-keys.ts';
import type { ArticleRepository } from '../storage/article-repository.ts';

type Membership = Pick<Article, 'id' | 'type' | 'status' | 'publishedAt' | 'noindex'> & {
  sectionId: string;
  authorIds: string[];
  tagIds: string[];
};

export function membershipOf(article: Article): Membership {
  return {
    id: article.id,
    type: article.type,
    status: article.status,
    publishedAt: article.publishedAt,
    noindex: article.noindex,
    sectionId: article.section.id,
    authorIds: article.authors.map((a) => a.id),
    tagIds: article.tags.map((t) => t.id),
  };
}

/**
 * Keys for articles about to be inserted together, to add to each one's own keys after: once they are in, each
 * sees the others and cannot tell that none of them was there before to show their section.
 */
export async function insertionChangeKeys(
  articles: ArticleRepository,
  inserted: Pick<Membership, 'status' | 'publishedAt' | 'sectionId'>[],
): Promise<string[]> {
  const sectionIds = new Set(inserted.filter((article) => isPublished(article)).map((article) => article.sectionId));
  for (const sectionId of sectionIds) if (!(await articles.hasPublishedInSection(sectionId))) return [sectionsKey];
  return [];
}

/** Keys for one article in one state; call it for the state before and after a write. */
export async function articleChangeKeys(articles: ArticleRepository, state: Membership): Promise<string[]> {
  const keys = [articleKey(state.id), listKey.all, listKey.type(state.type), listKey.section(state.sectionId)];
  keys.push(...state.authorIds.map(listKey.author), ...state.tagIds.map(listKey.tag));
  // Readers see a section while it holds a published article (`taxonomy-repository.ts`): when this is its only
  // one, the write may show or hide the section in every page's navigation. Tags and authors are listed only
  // where `listKey.all` already drops the page, and their own pages depend on their lists above.
  if (isPublished(state) && !(await articles.hasPublishedInSection(state.sectionId, state.id))) keys.push(sectionsKey);
  // Only a findable article is its neighbours' previous or next.
  if (isFindable(state)) {
    const { previous, next } = await articles.findNeighbours({
      id: state.id,
      sectionId: state.sectionId,
      publishedAt: state.publishedAt,
    });
    if (previous) keys.push(articleKey(previous.id));
    if (next) keys.push(articleKey(next.id));
  }
  return keys;
}
