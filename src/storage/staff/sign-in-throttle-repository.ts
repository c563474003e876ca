// Failed sign-in counters per key, counted atomically in the database so that parallel attempts on several
// processes cannot slip between a read and a write.
import { sql } from 'kysely';
import type { Db } from '../database.ts';

export type ThrottleRecord = { failures: number; lastFailureAt: string; lockedAt: string | null };

export class SignInThrottleRepository {
  constructor(private readonly db: Db) {}

  async find(key: string): Promise<ThrottleRecord | undefined> {
    const row = await this.db.selectFrom('sign_in_throttles').selectAll().where('key', '=', key).executeTakeFirst();
    return row && { failures: row.failures, lastFailureAt: row.last_failure_at, lockedAt: row.locked_at };
  }

  /**
   * Counts one more attempt against `key` before it is judged and returns the record as it now stands: the
   * failures include this attempt, the last failure's time is the one before it. A record whose last failure
   * is before `forgetBefore` (and is not locked) starts again.
   */
  async countAttempt(key: string, now: string, forgetBefore: string): Promise<ThrottleRecord> {
    const isForgotten = sql<boolean>`sign_in_throttles.locked_at is null and sign_in_throttles.last_failure_at < ${forgetBefore}`;
    const row = await this.db
      .insertInto('sign_in_throttles')
      .values({ key, failures: 1, last_failure_at: now, locked_at: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when ${isForgotten} then 1 else sign_in_throttles.failures + 1 end`,
          last_failure_at: sql<string>`case when ${isForgotten} then ${now} else sign_in_throttles.last_failure_at end`,
        }),
      )
      .returning(['failures', 'last_failure_at', 'locked_at'])
      .executeTakeFirstOrThrow();
    return { failures: row.failures, lastFailureAt: row.last_failure_at, lockedAt: row.locked_at };
  }

  /** Takes back an attempt refused before it was judged: it was made to wait, it did not fail. */
  async uncountAttempt(key: string): Promise<void> {
    await this.db
      .updateTable('sign_in_throttles')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }

  /** The attempt counted for `key` failed: later attempts wait from now. */
  async markFailed(key: string, now: string): Promise<void> {
    await this.db.updateTable('sign_in_throttles').set({ last_failure_at: now }).where('key', '=', key).execute();
  }

  async lock(key: string, now: string): Promise<void> {
    await this.db.updateTable('sign_in_throttles').set({ locked_at: now }).where('key', '=', key).execute();
  }

  /** Forgets the key's failures (a successful sign-in, or an owner lifting a lock). */
  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_throttles').where('key', '=', key).execute();
  }
}
