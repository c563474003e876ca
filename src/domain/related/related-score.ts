// How related two articles are: mostly how alike their texts are, a little for shared tags and section,
// less the further apart in time they were published. Symmetric, so a list can take in a newer article later.
import { round } from './article-signature.ts';

export type RelatedFacts = { publishedAt: string; sectionId: string; tagIds: readonly string[] };

/** Below this text similarity an article is not related, whatever its tags. */
export const minimumSimilarity = 0.12;
/** How many related articles are stored per article: more than a page shows, so that one leaving leaves enough. */
export const storedRelatedCount = 6;
export const shownRelatedCount = 4;

const tagBonus = 0.04;
const maxBonusTags = 2;
const sectionBonus = 0.02;
/** Two years apart halves the score: the same story's earlier and later pieces come first. */
const halfScoreDays = 730;
const dayMs = 86_400_000;

export function relatedScore(similarity: number, a: RelatedFacts, b: RelatedFacts): number {
  if (similarity < minimumSimilarity) return 0;
  const sharedTags = a.tagIds.filter((id) => b.tagIds.includes(id)).length;
  const bonus = tagBonus * Math.min(sharedTags, maxBonusTags) + (a.sectionId === b.sectionId ? sectionBonus : 0);
  const daysApart = Math.abs(Date.parse(a.publishedAt) - Date.parse(b.publishedAt)) / dayMs;
  return round((similarity + bonus) / (1 + daysApart / halfScoreDays));
}
