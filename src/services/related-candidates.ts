// One article's related list by text: candidates from the heaviest articles of each of its terms (a bounded
// number, however big the archive), then scored exactly on their whole signatures, tags, section and dates.
import { signatureSimilarity } from '../domain/related/article-signature.ts';
import { relatedScore, storedRelatedCount } from '../domain/related/related-score.ts';
import type { RelatedArticleRepository, StoredRelated } from '../storage/related-article-repository.ts';

/** Candidates come from the article's heaviest terms only: a term in most articles finds nothing in particular. */
const candidateTerms = 10;
/** Per such term, how many of the articles weighing it most are considered. */
const candidatesPerTerm = 40;
/** How many of the best partial matches are scored exactly. */
const candidatesScored = 40;

export async function findRelatedByText(store: RelatedArticleRepository, articleId: string): Promise<StoredRelated[]> {
  const own = (await store.findSignatures([articleId])).get(articleId);
  if (!own) return [];
  const heaviest = [...own]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, candidateTerms)
    .map(([term]) => term);
  const postings = await store.findHeaviestByTerm(heaviest, candidatesPerTerm);
  // A partial similarity (from the terms where a candidate is among the heaviest) picks whom to score exactly.
  const partial = new Map<string, number>();
  for (const { articleId: id, term, weight } of postings) {
    if (id !== articleId) partial.set(id, (partial.get(id) ?? 0) + weight * (own.get(term) ?? 0));
  }
  const shortlist = [...partial]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, candidatesScored)
    .map(([id]) => id);
  if (shortlist.length === 0) return [];
  const [signatures, facts] = await Promise.all([
    store.findSignatures(shortlist),
    store.findFindableFacts([articleId, ...shortlist]),
  ]);
  const self = facts.get(articleId);
  if (!self) return [];
  const scored: StoredRelated[] = [];
  for (const id of shortlist) {
    const signature = signatures.get(id);
    const other = facts.get(id);
    if (!signature || !other) continue;
    const score = relatedScore(signatureSimilarity(own, signature), self, other);
    if (score > 0) scored.push({ relatedId: id, score });
  }
  return scored.sort((a, b) => b.score - a.score || (a.relatedId < b.relatedId ? -1 : 1)).slice(0, storedRelatedCount);
}
