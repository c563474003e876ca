// The job table: enqueue, claim under a lease (one process per job), finish, retry or reschedule.
import type { ExpressionBuilder } from 'kysely';
import { type BusyRetry, DatabaseLockedError, noBusyRetry } from './busy-retry.ts';
import type { Db } from './database.ts';
import type { DatabaseSchema, JobRow } from './database-schema.ts';
import type { RowLocking } from './row-locking.ts';

export type Job = { id: string; kind: string; payload: unknown; attempts: number; maxAttempts: number };
export type NewJob = { kind: string; payload?: unknown; runAt: string; uniqueKey?: string; maxAttempts?: number };

/** A claim that meets another process's write lock soon gives up: the runner polls again anyway. */
const claimBusyLimits = { giveUpAfterMs: 2000 };
/** Recording a job's outcome keeps trying as long as the job's lease would keep others off it. */
const outcomeBusyLimits = { giveUpAfterMs: 60_000 };

/** As good as never: the largest integer both databases store in the column. */
const periodicMaxAttempts = 2 ** 31 - 1;

export class JobRepository {
  constructor(
    private readonly db: Db,
    private readonly locking: RowLocking,
    private readonly newId: () => string,
    private readonly busyRetry: BusyRetry = noBusyRetry,
  ) {}

  /** Adds a job; with a `uniqueKey` already present (and unfinished or not), nothing changes. */
  async enqueue(job: NewJob, now: string): Promise<void> {
    await this.busyRetry(() =>
      this.db
        .insertInto('jobs')
        .values({
          id: this.newId(),
          kind: job.kind,
          payload: JSON.stringify(job.payload ?? {}),
          unique_key: job.uniqueKey ?? null,
          run_at: job.runAt,
          attempts: 0,
          max_attempts: job.maxAttempts ?? 5,
          created_at: now,
        })
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .execute(),
    );
  }

  /**
   * Makes sure the periodic job `kind` is in the queue, due at `now` if new. A periodic job is never given up
   * (it retries with backoff however often it fails); one given up by an older version is put back.
   */
  async schedulePeriodic(kind: string, now: string): Promise<void> {
    await this.busyRetry(() =>
      this.db
        .insertInto('jobs')
        .values({
          id: this.newId(),
          kind,
          payload: '{}',
          unique_key: kind,
          run_at: now,
          attempts: 0,
          max_attempts: periodicMaxAttempts,
          created_at: now,
        })
        .onConflict((oc) =>
          oc
            .column('unique_key')
            .doUpdateSet({ finished_at: null, attempts: 0, run_at: now, max_attempts: periodicMaxAttempts })
            .where((eb) =>
              eb.or([eb('jobs.finished_at', 'is not', null), eb('jobs.max_attempts', '<', periodicMaxAttempts)]),
            ),
        )
        .execute(),
    );
  }

  /**
   * Takes the next due job of these kinds for `workerId` until `leaseUntil`, or nothing. One statement on
   * both dialects: SQLite runs it under its single write lock, PostgreSQL skips rows others are claiming.
   */
  async claim(workerId: string, kinds: string[], now: string, leaseUntil: string): Promise<Job | undefined> {
    if (kinds.length === 0) return undefined;
    const isClaimable = (eb: ExpressionBuilder<DatabaseSchema, 'jobs'>) =>
      eb.and([eb('finished_at', 'is', null), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])]);
    const claimOne = () =>
      this.db
        .updateTable('jobs')
        .set((eb) => ({ locked_by: workerId, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where((eb) =>
          eb(
            'id',
            '=',
            this.locking.skipLockedForUpdate(
              eb
                .selectFrom('jobs')
                .select('id')
                .where(isClaimable)
                .where('run_at', '<=', now)
                .where('kind', 'in', kinds)
                .orderBy('run_at')
                .limit(1),
            ),
          ),
        )
        .where(isClaimable)
        .returningAll()
        .executeTakeFirst();
    try {
      const row = await this.busyRetry(claimOne, claimBusyLimits);
      return row && jobFromRow(row);
    } catch (error) {
      if (error instanceof DatabaseLockedError) return undefined;
      throw error;
    }
  }

  async finish(id: string, workerId: string, now: string): Promise<void> {
    await this.recordOutcome(() =>
      this.db
        .updateTable('jobs')
        .set({ finished_at: now, locked_by: null, locked_until: null })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute(),
    );
  }

  /** A periodic job goes back in the queue for its next run, with a clean slate. */
  async reschedule(id: string, workerId: string, runAt: string): Promise<void> {
    await this.recordOutcome(() =>
      this.db
        .updateTable('jobs')
        .set({ run_at: runAt, attempts: 0, locked_by: null, locked_until: null, last_error: null })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute(),
    );
  }

  /** Records a failure: retried at `retryAt`, or given up (finished with the error) after its last attempt. */
  async fail(id: string, workerId: string, error: string, now: string, retryAt: string): Promise<void> {
    await this.recordOutcome(() =>
      this.db
        .updateTable('jobs')
        .set((eb) => ({
          last_error: error.slice(0, 2000),
          locked_by: null,
          locked_until: null,
          run_at: retryAt,
          finished_at: eb.case().when('attempts', '>=', eb.ref('max_attempts')).then(now).else(null).end(),
        }))
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute(),
    );
  }

  private async recordOutcome(write: () => Promise<unknown>): Promise<void> {
    await this.busyRetry(write, outcomeBusyLimits);
  }

  async find(
    id: string,
  ): Promise<(Job & { finishedAt: string | null; lastError: string | null; lockedBy: string | null }) | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && { ...jobFromRow(row), finishedAt: row.finished_at, lastError: row.last_error, lockedBy: row.locked_by }
    );
  }
}

function jobFromRow(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
}
