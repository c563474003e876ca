// Which cache keys a write to an article touches: its own, its lists (before and after), its neighbours.
import { isFindable, type Article } from '../domain/article.ts';
import { articleKey, listKey } from '../domain/content-keys.ts';
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

/** Keys for one article in one state; call it for the state before and after a write. */
export async function articleChangeKeys(articles: ArticleRepository, state: Membership): Promise<string[]> {
  const keys = [articleKey(state.id), listKey.all, listKey.type(state.type), listKey.section(state.sectionId)];
  keys.push(...state.authorIds.map(listKey.author), ...state.tagIds.map(listKey.tag));
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
