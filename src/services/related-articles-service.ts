// Computes related articles by text in the background: first term counts, then signatures, then each
// article's list, newest articles first, in bounded batches. Publishing only queues; a periodic job computes.
import { relatedListKey } from '../domain/content-keys.ts';
import { articleSignature, articleTermFrequencies, type SignatureTerm } from '../domain/related/article-signature.ts';
import { storedRelatedCount } from '../domain/related/related-score.ts';
import type { PendingArticle, RelatedArticleRepository, StoredRelated } from '../storage/related-article-repository.ts';
import type { TransactionRunner } from '../storage/repositories.ts';
import { findRelatedByText } from './related-candidates.ts';

export const computeRelatedJobKind = 'compute-related-articles';
/** How often the job, once it has caught up, looks for newly queued articles. */
export const relatedIdleCheckSeconds = 10;

/**
 * Articles per batch. Beside a server, small: on SQLite a batch runs without a break and requests wait for
 * it (about 20 ms at this size). Alone (`testata related compute`), large: fewer, longer transactions.
 */
export type RelatedBatchSizes = { text: number; list: number };
export const besideServerBatchSizes: RelatedBatchSizes = { text: 50, list: 5 };
export const aloneBatchSizes: RelatedBatchSizes = { text: 200, list: 50 };
/** The counts table keeps the number of counted articles under a name no term can have (the analyser never yields ''). */
const articleCountTerm = '';

export type RelatedProgress = { counted: number; signed: number; listed: number; isDone: boolean };

export class RelatedArticlesService {
  constructor(
    private readonly store: RelatedArticleRepository,
    private readonly transaction: TransactionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Works through the queue for about `budgetMs`, one short transaction per batch: reading and scoring happen
   * outside it, so pages keep being served meanwhile. `isDone` when the queue is empty.
   */
  async computePending(
    budgetMs = 1000,
    batchSizes: RelatedBatchSizes = besideServerBatchSizes,
  ): Promise<RelatedProgress> {
    const progress: RelatedProgress = { counted: 0, signed: 0, listed: 0, isDone: false };
    const deadline = Date.now() + budgetMs;
    while (Date.now() < deadline) {
      // Let waiting requests in between batches: SQLite's calls are synchronous, so awaiting them never does.
      await new Promise((resolve) => setImmediate(resolve));
      const counting = await this.store.findPending('count', batchSizes.text);
      if (counting.length > 0) {
        progress.counted += await this.countTerms(counting);
        continue;
      }
      const signing = await this.store.findPending('sign', batchSizes.text);
      if (signing.length > 0) {
        progress.signed += await this.sign(signing);
        continue;
      }
      const listing = await this.store.findPending('list', batchSizes.list);
      if (listing.length > 0) {
        progress.listed += await this.list(listing);
        continue;
      }
      progress.isDone = true;
      break;
    }
    return progress;
  }

  /** Every signature's weights use the term counts of all queued articles, so counting finishes before signing starts. */
  private async countTerms(batch: PendingArticle[]): Promise<number> {
    const ids = batch.map((p) => p.articleId);
    const [texts, signed] = await Promise.all([this.store.findTexts(ids), this.store.findSigned(ids)]);
    const counts = new Map<string, number>();
    const leaving: PendingArticle[] = [];
    const staying: PendingArticle[] = [];
    for (const pending of batch) {
      const text = texts.get(pending.articleId);
      if (!text?.isFindable) {
        leaving.push(pending);
        continue;
      }
      staying.push(pending);
      // An article with a signature was counted when it was first signed; counts only grow, like an archive.
      if (signed.has(pending.articleId)) continue;
      counts.set(articleCountTerm, (counts.get(articleCountTerm) ?? 0) + 1);
      for (const term of articleTermFrequencies(text).keys()) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    await this.transaction(async (repositories) => {
      const now = this.clock().toISOString();
      const related = repositories.relatedArticles;
      await related.addTermCounts(counts);
      const keys: string[] = [];
      for (const { articleId } of leaving) {
        await related.markListsShowing(articleId, now);
        if (await related.forget(articleId)) keys.push(relatedListKey(articleId));
      }
      await related.advance(leaving, 'count', 'done');
      await related.advance(staying, 'count', 'sign');
      await repositories.contentChanges.record(keys, now);
    });
    return batch.length;
  }

  private async sign(batch: PendingArticle[]): Promise<number> {
    const texts = await this.store.findTexts(batch.map((p) => p.articleId));
    const frequencies = new Map<string, Map<string, number>>();
    for (const text of texts.values()) if (text.isFindable) frequencies.set(text.id, articleTermFrequencies(text));
    const terms = new Set<string>([articleCountTerm]);
    for (const termFrequencies of frequencies.values()) for (const term of termFrequencies.keys()) terms.add(term);
    const counts = await this.store.findTermCounts([...terms]);
    const statistics = {
      articleCount: counts.get(articleCountTerm) ?? 0,
      articlesWithTerm: (term: string) => counts.get(term) ?? 0,
    };
    const signatures = new Map<string, SignatureTerm[]>();
    for (const [id, termFrequencies] of frequencies) signatures.set(id, articleSignature(termFrequencies, statistics));
    await this.transaction(async ({ relatedArticles }) => {
      await relatedArticles.replaceSignatures(signatures);
      await relatedArticles.advance(
        batch.filter((p) => signatures.has(p.articleId)),
        'sign',
        'list',
      );
      // Unpublished since it was counted: back to the start, where leaving articles are handled.
      await relatedArticles.advance(
        batch.filter((p) => !signatures.has(p.articleId)),
        'sign',
        'count',
      );
    });
    return batch.length;
  }

  private async list(batch: PendingArticle[]): Promise<number> {
    const computed = new Map<string, StoredRelated[]>();
    for (const { articleId } of batch) computed.set(articleId, await findRelatedByText(this.store, articleId));
    await this.transaction(async (repositories) => {
      const now = this.clock().toISOString();
      const related = repositories.relatedArticles;
      const targets = [...computed.values()].flatMap((list) => list.map((item) => item.relatedId));
      // A queued article gets its whole list computed soon anyway: nothing is offered to it.
      const [stored, queued] = await Promise.all([
        related.findLists([...computed.keys(), ...targets]),
        related.findQueued(targets),
      ]);
      const changed = new Set<string>();
      for (const [articleId, list] of computed) {
        if (!isSameList(stored.get(articleId) ?? [], list)) {
          stored.set(articleId, list);
          changed.add(articleId);
        }
        for (const item of list) {
          if (queued.has(item.relatedId)) continue;
          const offered = offer(stored.get(item.relatedId) ?? [], { relatedId: articleId, score: item.score });
          if (offered) {
            stored.set(item.relatedId, offered);
            changed.add(item.relatedId);
          }
        }
      }
      for (const articleId of changed) await related.replaceList(articleId, stored.get(articleId) ?? []);
      await related.advance(batch, 'list', 'done');
      await repositories.contentChanges.record([...changed].map(relatedListKey), now);
    });
    return batch.length;
  }
}

/**
 * Offers an article to the list of one it is related to (the score is symmetric): so an older article's list
 * takes in a newer one on the same story without recomputing the archive. The new list, or undefined if unchanged.
 */
function offer(list: StoredRelated[], candidate: StoredRelated): StoredRelated[] | undefined {
  if (list.some((item) => item.relatedId === candidate.relatedId)) return undefined;
  const weakest = list[list.length - 1];
  if (list.length >= storedRelatedCount && weakest && weakest.score >= candidate.score) return undefined;
  return [...list, candidate].sort(byScore).slice(0, storedRelatedCount);
}

function byScore(a: StoredRelated, b: StoredRelated): number {
  return b.score - a.score || (a.relatedId < b.relatedId ? -1 : a.relatedId > b.relatedId ? 1 : 0);
}

function isSameList(a: StoredRelated[], b: StoredRelated[]): boolean {
  return (
    a.length === b.length && a.every((item, i) => item.relatedId === b[i]?.relatedId && item.score === b[i]?.score)
  );
}
