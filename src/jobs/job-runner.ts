// Runs the durable jobs: claims one due job at a time under a lease, runs its handler, and records the
// outcome. A process that dies mid-job leaves the lease to expire; another process then retries it.

export type ClaimedJob = { id: string; kind: string; payload: unknown; attempts: number; maxAttempts: number };

/** What the runner needs of the job table (storage's JobRepository fits it). */
export type JobQueue = {
  claim: (workerId: string, kinds: string[], now: string, leaseUntil: string) => Promise<ClaimedJob | undefined>;
  finish: (id: string, workerId: string, now: string) => Promise<void>;
  reschedule: (id: string, workerId: string, runAt: string) => Promise<void>;
  fail: (id: string, workerId: string, error: string, now: string, retryAt: string) => Promise<void>;
};

/** A handler may ask to run again later (periodic jobs); handlers must be idempotent. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that runs once returns nothing
export type JobHandler = (payload: unknown, job: ClaimedJob) => Promise<void | { runAgainAt: Date }>;

export type JobRunnerOptions = { workerId: string; pollMs: number; leaseSeconds: number };

export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private isStopping = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    private readonly options: JobRunnerOptions,
    private readonly onError: (error: unknown, job?: ClaimedJob) => void,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.drain(), this.options.pollMs);
    this.timer.unref();
    void this.drain();
  }

  /** Stops claiming; waits for the job in hand to finish. */
  async stop(): Promise<void> {
    this.isStopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs due jobs until none is left (or the runner stops). */
  drain(): Promise<void> {
    this.running ??= (async () => {
      try {
        while (!this.isStopping && (await this.runOne())) {
          // next job
        }
      } catch (error) {
        this.onError(error);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Claims and runs one due job; false when there was none. */
  async runOne(): Promise<boolean> {
    const { workerId, leaseSeconds } = this.options;
    const now = this.clock();
    const job = await this.queue.claim(
      workerId,
      Object.keys(this.handlers),
      now.toISOString(),
      after(now, leaseSeconds),
    );
    if (!job) return false;
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      const outcome = await handler(job.payload, job);
      if (outcome) await this.queue.reschedule(job.id, workerId, outcome.runAgainAt.toISOString());
      else await this.queue.finish(job.id, workerId, this.clock().toISOString());
    } catch (error) {
      this.onError(error, job);
      const failedAt = this.clock();
      const backoffSeconds = Math.min(3600, 5 * 2 ** (job.attempts - 1));
      await this.queue.fail(
        job.id,
        workerId,
        String((error as Error)?.stack ?? error),
        failedAt.toISOString(),
        after(failedAt, backoffSeconds),
      );
    }
    return true;
  }
}

function after(instant: Date, seconds: number): string {
  return new Date(instant.getTime() + seconds * 1000).toISOString();
}
