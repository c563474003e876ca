// A connection of the pool lent, outside Kysely, to one piece of work that runs beside a transaction (a bulk
// write of the PostgreSQL search index keeps its own transaction on it): postgres/postgres-side-connection.ts.
import type { CompiledQuery } from 'kysely';

export type SideConnection = {
  query<R>(query: CompiledQuery): Promise<R[]>;
  /** Runs `copy` (a `COPY … FROM STDIN (FORMAT binary)` statement) with `data` as its input. */
  copyIn(copy: string, data: Buffer): Promise<void>;
  /** Gives the connection back to the pool, or closes it after `failure` (it may be in no state to reuse). */
  release(failure?: unknown): void;
};

export type SideConnections = { connect(): Promise<SideConnection> };
