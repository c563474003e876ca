// LISTEN/NOTIFY on one channel: a committed content change reaches every process within milliseconds. The
// listening connection only ever waits, so it asks the server now and then whether it is still there: a network
// that went silent would otherwise leave it listening to nothing until the process restarts.
import { sql } from 'kysely';
import pg from 'pg';
import type { ChangeSignal } from '../change-signal.ts';
import { UnavailableError } from '../../domain/errors.ts';
import { endClient } from './postgres-client-guard.ts';
import { isDatabaseUnavailable } from './postgres-unavailable-driver.ts';

const channel = 'testata_content_changes';
const reconnectDelayMs = 1000;

/** `heartbeatMs`: how often the listener checks its connection; `answerWithinMs`: how long the server has to answer. */
export type ListenerHeartbeat = { heartbeatMs: number; answerWithinMs: number };
const defaultHeartbeat: ListenerHeartbeat = { heartbeatMs: 15_000, answerWithinMs: 5000 };

export function postgresChangeSignal(url: string, heartbeat: ListenerHeartbeat = defaultHeartbeat): ChangeSignal {
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
      let checks: NodeJS.Timeout | undefined;
      const check = async (listening: pg.Client) => {
        try {
          // pg's client-side limit on one query (its types do not list it).
          const ping = { text: 'select 1', query_timeout: heartbeat.answerWithinMs };
          await listening.query(ping);
        } catch (error) {
          if (client !== listening) return;
          onError(error);
          scheduleReconnect();
        }
      };
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
          checks = setInterval(() => void check(next), heartbeat.heartbeatMs);
          checks.unref();
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
        clearInterval(checks);
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
        clearInterval(checks);
        // A connection that went silent never answers the goodbye: stopping must not wait for it.
        if (client) await endClient(client);
      };
    },
  };
}
