// How sign-in resists guessing, and how long a session lasts. Pure rules; the counters live in the database
// (so every process agrees) and the service applies these to them.

export const sessionLimits = {
  /** A session nobody used for this long is over. */
  idleSeconds: 12 * 3600,
  /** However busy, a session ends this long after the sign-in. */
  absoluteSeconds: 7 * 24 * 3600,
  /** After the password, the second factor must come within this time, or sign-in starts again. */
  secondFactorSeconds: 10 * 60,
  /** Last use is written at most this often, so reading pages does not write on every request. */
  touchEverySeconds: 60,
} as const;

export const signInLimits = {
  /** Failures for one email address before each further attempt must wait. */
  accountFreeFailures: 5,
  /** Failures for one email address after which it is locked until an owner lifts it. */
  accountLockFailures: 20,
  /** Failures from one IP address (any accounts) before each further attempt must wait. */
  ipFreeFailures: 20,
  maxDelaySeconds: 15 * 60,
  /** Failures older than this, with none since, are forgotten. */
  forgetAfterSeconds: 24 * 3600,
} as const;

export type ThrottleState = { failures: number; lastFailureAt: string };

/**
 * Seconds to wait before the next attempt may be judged, given the failures so far: none for the first
 * `freeFailures`, then 1, 2, 4, 8… seconds after the last failure, up to `maxDelaySeconds`.
 */
export function secondsToWait(state: ThrottleState | undefined, freeFailures: number, now: Date): number {
  if (!state || state.failures < freeFailures) return 0;
  const delay = Math.min(2 ** (state.failures - freeFailures), signInLimits.maxDelaySeconds);
  const waited = (now.getTime() - Date.parse(state.lastFailureAt)) / 1000;
  return Math.max(0, Math.ceil(delay - waited));
}

/** The failures that still count: all of them, unless the last is older than `forgetAfterSeconds`. */
export function countingFailures(state: ThrottleState | undefined, now: Date): number {
  if (!state) return 0;
  const age = (now.getTime() - Date.parse(state.lastFailureAt)) / 1000;
  return age > signInLimits.forgetAfterSeconds ? 0 : state.failures;
}
