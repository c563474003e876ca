// LISTEN/NOTIFY on one channel: a committed content change reaches every process within milliseconds.
import { sql } from 'kysely';
import pg from 'pg';
import type { ChangeSignal } from '../change-signal.ts';
import { UnavailableError } from '../../domain/errors.ts';
import { endClient } from './postgres-client-guard.ts';
import { isDatabaseUnavailable } from './postgres-unavailable-driver.ts';

const channel = 'testata_content_changes';
const reconnectDelayMs = 1000;

export function postgresChangeSignal(url: string): ChangeSignal {
  return {
    notify: async (db) => {
      await sql`select pg_notify(${channel}, '')`.execute(db);
    },
    listen: async (onSignal, reportError) => {
      // A server away is an outage the pool's queries report too, not a bug of the listener.
      const onError = (error: unknown) =>
        reportError(
          isDatabaseUnavailable(error)
            ? new UnavailableError('The database is unavailable.', {}, { cause: error })
            : error,
        );
      let client: pg.Client | undefined;
      let isStopped = false;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({
          connectionString: url,
          application_name: 'testata-listener',
          // Waits for notifications, so it is idle for long: let the system notice a peer that vanished meanwhile.
          keepAlive: true,
          keepAliveInitialDelayMillis: 10_000,
          connectionTimeoutMillis: 3000,
        });
        next.on('notification', () => onSignal());
        next.on('error', (error) => {
          onError(error);
          scheduleReconnect();
        });
        try {
          await next.connect();
          await next.query(`listen ${channel}`);
          client = next;
          // Changes committed while we were away are caught by this poll.
          onSignal();
        } catch (error) {
          onError(error);
          await endClient(next);
          scheduleReconnect();
        }
      };
      const scheduleReconnect = () => {
        if (isStopped || retry) return;
        const previous = client;
        client = undefined;
        if (previous) void endClient(previous);
        retry = setTimeout(() => {
          retry = undefined;
          void connect();
        }, reconnectDelayMs);
        retry.unref();
      };
      await connect();
      return async () => {
        isStopped = true;
        clearTimeout(retry);
        // A connection that went silent never answers the goodbye: stopping must not wait for it.
        if (client) await endClient(client);
      };
    },
  };
}
