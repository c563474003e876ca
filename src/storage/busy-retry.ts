// Waiting for another process's write lock without blocking the thread: a write that meets the lock fails
// at once (the serving process's SQLite busy timeout is 0) and is tried again after a growing pause, until a
// bound. The dialect says what "busy" is (storage-dialect.ts); PostgreSQL's writers wait inside the server.
import { UnavailableError } from '../domain/errors.ts';

export type BusyRetryLimits = {
  /** After this long the work fails with a DatabaseLockedError. */
  giveUpAfterMs: number;
};

/**
 * Runs `attempt` and, while it fails because the database is busy, runs it again after a pause. `attempt`
 * must have done nothing when it fails so: one autocommit statement, or a transaction that failed at its BEGIN.
 */
export type BusyRetry = <T>(attempt: () => Promise<T>, limits?: BusyRetryLimits) => Promise<T>;

/** A user-facing write (publishing, a save) fails with a clear error rather than leave its request waiting long. */
export const defaultBusyLimits: BusyRetryLimits = { giveUpAfterMs: 15_000 };
const firstPauseMs = 5;
const longestPauseMs = 250;

/** The lock was still held when the retry gave up; an UnavailableError, so a request answers 503. */
export class DatabaseLockedError extends UnavailableError {}

export const noBusyRetry: BusyRetry = (attempt) => attempt();

export function retryWhileBusy(
  isBusy: (error: unknown) => boolean,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): BusyRetry {
  return async (attempt, limits = defaultBusyLimits) => {
    const startedAt = Date.now();
    for (let pauseMs = firstPauseMs; ; pauseMs = Math.min(longestPauseMs, pauseMs * 2)) {
      try {
        return await attempt();
      } catch (error) {
        if (!isBusy(error)) throw error;
        const waitedMs = Date.now() - startedAt;
        if (waitedMs >= limits.giveUpAfterMs)
          throw new DatabaseLockedError(
            `the database stayed locked by another process writing to it (an import or another command) for ${Math.round(waitedMs / 1000)} s; try again when it has finished`,
            { waitedMs },
            { cause: error },
          );
        // Jitter, so that several waiting writers do not all come back at the same instant.
        await sleep(Math.min(pauseMs * (0.5 + Math.random()), limits.giveUpAfterMs - waitedMs));
      }
    }
  };
}
