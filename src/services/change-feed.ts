// Follows the content change log and tells listeners which keys changed, whichever process wrote them.
import type { ChangeSignal } from '../storage/change-signal.ts';
import type { ContentChangeRepository } from '../storage/content-change-repository.ts';

/** How far back each poll looks again, to catch changes committed late by a writer with an older timestamp. */
const overlapMs = 10_000;
const retentionMs = 24 * 3600_000;

export type ChangeListener = (keys: string[]) => void;

export class ChangeFeed {
  private readonly listeners: ChangeListener[] = [];
  private readonly seen = new Map<string, number>();
  private watermark = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private isPollWanted = false;
  private stopListening: (() => Promise<void>) | undefined;
  private lastPruneAt = 0;

  constructor(
    private readonly changes: ContentChangeRepository,
    private readonly signal: ChangeSignal,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    this.watermark = this.clock();
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
    this.stopListening = await this.signal.listen(() => void this.poll(), this.onError);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.stopListening?.();
    await this.polling;
  }

  /** Reads new changes now (the timer and the change signal call it). A call during a read queues one more read. */
  poll(): Promise<void> {
    if (this.polling) {
      this.isPollWanted = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.isPollWanted = false;
        await this.readNewChanges().catch(this.onError);
      } while (this.isPollWanted);
      this.polling = undefined;
    })();
    return this.polling;
  }

  private async readNewChanges(): Promise<void> {
    const now = this.clock();
    const rows = await this.changes.listSince(new Date(this.watermark - overlapMs).toISOString());
    const keys = new Set<string>();
    for (const row of rows) {
      if (this.seen.has(row.id)) continue;
      this.seen.set(row.id, Date.parse(row.createdAt));
      for (const key of row.keys) keys.add(key);
    }
    this.watermark = Math.max(this.watermark, now);
    for (const [id, at] of this.seen) if (at < this.watermark - 2 * overlapMs) this.seen.delete(id);
    if (keys.size > 0) for (const listener of this.listeners) listener([...keys]);
    if (now - this.lastPruneAt > 3600_000) {
      this.lastPruneAt = now;
      await this.changes.deleteOlderThan(new Date(now - retentionMs).toISOString());
    }
  }
}
