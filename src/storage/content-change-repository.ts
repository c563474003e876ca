// The change log: each content write records which cache keys it touched, in the same transaction,
// so every process (and a CLI import running beside the server) can drop exactly those pages.
import { type BusyRetry, noBusyRetry } from './busy-retry.ts';
import type { ChangeSignal } from './change-signal.ts';
import type { Db } from './database.ts';

export type ContentChange = { id: string; keys: string[]; createdAt: string };

export class ContentChangeRepository {
  constructor(
    private readonly db: Db,
    private readonly newId: () => string,
    private readonly signal: ChangeSignal,
    private readonly busyRetry: BusyRetry = noBusyRetry,
  ) {}

  async record(keys: Iterable<string>, now: string): Promise<void> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    await this.db
      .insertInto('content_changes')
      .values({ id: this.newId(), keys: JSON.stringify(unique), created_at: now })
      .execute();
    await this.signal.notify(this.db);
  }

  /** Changes recorded at or after `since` (a writer's clock may lag: callers overlap windows and dedupe by id). */
  async listSince(since: string): Promise<ContentChange[]> {
    const rows = await this.db
      .selectFrom('content_changes')
      .select(['id', 'keys', 'created_at'])
      .where('created_at', '>=', since)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, keys: JSON.parse(r.keys) as string[], createdAt: r.created_at }));
  }

  /** Outside a transaction only: it waits for another process's write lock by retrying. */
  async deleteOlderThan(before: string): Promise<void> {
    await this.busyRetry(() => this.db.deleteFrom('content_changes').where('created_at', '<', before).execute());
  }
}
