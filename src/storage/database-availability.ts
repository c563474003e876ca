// Tells the operator when the database stops answering and when it answers again: one report per change of
// state, not one per failed request or health check, and at most one "unreachable" report per quiet period
// however often a flaky network makes it flap.

export type AvailabilityReport =
  | { isReachable: false; reason: string; unreportedOutages: number }
  | { isReachable: true; unreachableMs: number };

export type AvailabilityObserver = { noteFailure(error: unknown): void; noteSuccess(): void };

export const availabilityQuietMs = 60_000;

export class DatabaseAvailability implements AvailabilityObserver {
  #isReachable = true;
  #isOutageReported = false;
  #unreachableSince = 0;
  #lastReportAt = Number.NEGATIVE_INFINITY;
  #unreportedOutages = 0;

  constructor(
    private readonly report: (report: AvailabilityReport) => void,
    private readonly quietMs = availabilityQuietMs,
    private readonly now: () => number = () => performance.now(),
  ) {}

  noteFailure(error: unknown): void {
    if (!this.#isReachable) return;
    this.#isReachable = false;
    const now = this.now();
    this.#unreachableSince = now;
    this.#isOutageReported = now - this.#lastReportAt >= this.quietMs;
    if (!this.#isOutageReported) {
      this.#unreportedOutages++;
      return;
    }
    this.#lastReportAt = now;
    this.report({ isReachable: false, reason: reasonOf(error), unreportedOutages: this.#unreportedOutages });
    this.#unreportedOutages = 0;
  }

  noteSuccess(): void {
    if (this.#isReachable) return;
    this.#isReachable = true;
    if (this.#isOutageReported) this.report({ isReachable: true, unreachableMs: this.now() - this.#unreachableSince });
  }
}

/** The innermost message: the driver's own words (ECONNREFUSED, a timeout), without a stack. */
function reasonOf(error: unknown): string {
  let innermost = error;
  for (;;) {
    if (innermost instanceof AggregateError && innermost.errors.length > 0) innermost = innermost.errors[0];
    else if (innermost instanceof Error && innermost.cause !== undefined) innermost = innermost.cause;
    else break;
  }
  if (innermost instanceof Error) {
    const code = (innermost as { code?: unknown }).code;
    return typeof code === 'string' && !innermost.message.includes(code)
      ? `${innermost.message} (${code})`
      : innermost.message;
  }
  return String(innermost);
}
