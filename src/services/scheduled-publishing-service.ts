// Scheduled articles go live when their time comes: a periodic job calls this in whichever process claims it.
import type { TransactionRunner } from '../storage/repositories.ts';
import { articleChangeKeys, membershipOf } from './article-change-keys.ts';

export const publishScheduledJobKind = 'publish-scheduled-articles';

const batchSize = 100;

export class ScheduledPublishingService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Publishes every scheduled article due by now, with its cache keys, in one transaction per batch. */
  async publishDueArticles(): Promise<number> {
    let published = 0;
    for (;;) {
      const count = await this.transaction(async (repositories) => {
        const now = this.clock().toISOString();
        const due = await repositories.articleWrites.findDueScheduled(now, batchSize);
        const keys = new Set<string>();
        let changed = 0;
        for (const { id, slug } of due) {
          if (!(await repositories.articleWrites.changeStatus(id, 'scheduled', 'published', now))) continue;
          changed += 1;
          const article = await repositories.articles.findBySlug(slug);
          if (article)
            for (const key of await articleChangeKeys(repositories.articles, membershipOf(article))) keys.add(key);
          await repositories.relatedArticles.markPending([{ id, publishedAt: article?.publishedAt ?? now }], now);
        }
        await repositories.contentChanges.record(keys, now);
        return { due: due.length, changed };
      });
      published += count.changed;
      if (count.due < batchSize) return published;
    }
  }
}
