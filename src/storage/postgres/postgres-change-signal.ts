// LISTEN/NOTIFY on one channel: a committed content change reaches every process within milliseconds.
import { sql } from 'kysely';
import pg from 'pg';
import type { ChangeSignal } from '../change-signal.ts';

const channel = 'testata_content_changes';
const reconnectDelayMs = 1000;

export function postgresChangeSignal(url: string): ChangeSignal {
  return {
    notify: async (db) => {
      await sql`select pg_notify(${channel}, '')`.execute(db);
    },
    listen: async (onSignal, onError) => {
      let client: pg.Client | undefined;
      let isStopped = false;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: url, application_name: 'testata-listener' });
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
          await next.end().catch(() => {});
          scheduleReconnect();
        }
      };
      const scheduleReconnect = () => {
        if (isStopped || retry) return;
        const previous = client;
        client = undefined;
        void previous?.end().catch(() => {});
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
        await client?.end().catch(() => {});
      };
    },
  };
}
