// How a write wakes the other processes' change feeds at once instead of at their next poll.
// Each dialect has its own: PostgreSQL LISTEN/NOTIFY; SQLite has none (followers poll the file).
import type { Db } from './database-schema.ts';

export type ChangeSignal = {
  /** Called inside the writing transaction; the signal goes out when it commits. */
  notify: (db: Db) => Promise<void>;
  /** Calls `onSignal` whenever any process commits a change; returns how to stop listening. */
  listen: (onSignal: () => void, onError: (error: unknown) => void) => Promise<() => Promise<void>>;
};

export const noChangeSignal: ChangeSignal = {
  notify: async () => {},
  listen: async () => async () => {},
};
