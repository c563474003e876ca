// Guards the pool against a connection that went silent (NAT state lost, a server gone without a reset): the
// server never answers and nothing is closed, so only our own clock can tell. Every query has a time limit on
// our side; a client whose query ran out of time is destroyed, never reused (its connection still waits for
// that answer); and clients idle since before such a timeout are dropped unused, since they went through the
// same network.
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * What the storage dialect's liftStatementTimeout runs: the rest of that transaction (a database copy, a
 * search rebuild) may take as long as its work needs, on the server's side and on ours.
 */
export const liftStatementTimeoutSql = 'set local statement_timeout = 0';

/** pg's error for a query that outlived its `query_timeout`. */
const readTimeoutMessage = 'Query read timeout';

/** How long a closing connection may take to say goodbye before its socket is destroyed (a dead one never does). */
const endGraceMs = 1000;

export class GuardedPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #clients = new WeakMap<pg.PoolClient, GuardedClient>();
  /** Every client connected and not yet removed, so that closing can destroy the sockets that never close. */
  readonly #open = new Set<pg.Client>();
  #lastTimeoutAt = Number.NEGATIVE_INFINITY;

  /** `queryTimeoutMs`: how long one query may wait for its answer (0: as long as it takes). */
  constructor(
    pool: pg.Pool,
    public queryTimeoutMs: number,
  ) {
    this.#pool = pool;
    pool.on('connect', (client) => this.#open.add(client));
    pool.on('remove', (client) => this.#open.delete(client));
  }

  async connect(): Promise<PostgresPoolClient> {
    for (;;) {
      const client = await this.#pool.connect();
      let guarded = this.#clients.get(client);
      if (!guarded) {
        guarded = new GuardedClient(client, this);
        this.#clients.set(client, guarded);
      }
      if (guarded.lastAnswerAt >= this.#lastTimeoutAt) return guarded;
      // Idle since before a query went unanswered: trying it could cost a reader another full timeout.
      guarded.destroy();
    }
  }

  noteTimeout(): void {
    this.#lastTimeoutAt = performance.now();
  }

  async end(): Promise<void> {
    await this.#pool.end();
    // The pool has said goodbye on every connection; one that went silent never closes and would keep the process alive.
    const lingering = [...this.#open];
    if (lingering.length > 0) setTimeout(() => lingering.forEach(destroySocket), endGraceMs).unref();
  }
}

class GuardedClient implements PostgresPoolClient {
  lastAnswerAt = performance.now();
  #failure: Error | undefined;
  #isLifted = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly pool: GuardedPool,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Kysely streams rows only through a cursor class, which the dialect is not given.
    if (typeof sql !== 'string') throw new Error('streaming queries are not configured');
    return this.#run<R>(sql, parameters);
  }

  async #run<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    // The connection still waits for an earlier answer: a query sent now would queue behind it (a rollback too).
    if (this.#failure) throw new Error(`${readTimeoutMessage}: the connection was abandoned`, { cause: this.#failure });
    const timeoutMs = this.#isLifted ? 0 : this.pool.queryTimeoutMs;
    try {
      const result = await this.client.query({
        text: sql,
        values: parameters as unknown[],
        ...(timeoutMs > 0 ? { query_timeout: timeoutMs } : {}),
      });
      this.lastAnswerAt = performance.now();
      if (sql === liftStatementTimeoutSql) this.#isLifted = true;
      else if (/^(commit|rollback)$/i.test(sql)) this.#isLifted = false;
      return result as unknown as PostgresQueryResult<R>;
    } catch (error) {
      if (error instanceof Error && error.message === readTimeoutMessage) {
        this.#failure = error;
        this.pool.noteTimeout();
      }
      throw error;
    }
  }

  release(discard?: boolean): void {
    // pg closes a client released with an error instead of keeping it for the next request.
    this.client.release(this.#failure ?? discard === true);
  }

  destroy(): void {
    destroySocket(this.client);
    this.client.release(true);
  }
}

/** Ends a client that is not part of a pool, destroying its socket if the server does not answer the goodbye. */
export async function endClient(client: pg.Client): Promise<void> {
  const timer = setTimeout(() => destroySocket(client), endGraceMs);
  try {
    await client.end();
  } catch {
    // Already broken: nothing more to end.
  } finally {
    clearTimeout(timer);
  }
}

function destroySocket(client: pg.Client): void {
  client.connection.stream.destroy();
}
