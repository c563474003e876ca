// Turns "the database server is away" (refused, restarting, connection cut, an answer that never came) into the
// domain's UnavailableError, so callers answer 503 and retry, instead of treating it as a bug; and tells the
// availability observer when the server stops or starts answering.
import { PostgresDialect, type DatabaseConnection, type Driver, type PostgresDialectConfig } from 'kysely';
import { UnavailableError } from '../../domain/errors.ts';
import type { AvailabilityObserver } from '../database-availability.ts';

/** SQLSTATE classes and codes meaning the server or the connection is gone, not that the query is wrong. */
const unavailableSqlStates = /^(08...|57P0[123]|53300)$/;
const unavailableMessages =
  /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableSqlStates.test(code)) return true;
  if (typeof code === 'string' && /^E(CONNREFUSED|CONNRESET|PIPE|HOSTUNREACH|TIMEDOUT)$/.test(code)) return true;
  return unavailableMessages.test(error.message);
}

const noObserver: AvailabilityObserver = { noteFailure: () => {}, noteSuccess: () => {} };

export class PostgresUnavailableDialect extends PostgresDialect {
  readonly #availability: AvailabilityObserver;

  constructor(config: PostgresDialectConfig, availability: AvailabilityObserver = noObserver) {
    super(config);
    this.#availability = availability;
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const availability = this.#availability;
    return new Proxy(driver, {
      get(target, property, receiver) {
        if (property === 'acquireConnection') {
          return async () => {
            let connection: DatabaseConnection;
            try {
              connection = await target.acquireConnection();
            } catch (error) {
              // Whatever stops us from getting a connection (refused, timed out, not accepting), the request can only wait.
              availability.noteFailure(error);
              throw new UnavailableError('The database is unavailable.', {}, { cause: error });
            }
            return withTranslatedErrors(connection, availability);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

function withTranslatedErrors(connection: DatabaseConnection, availability: AvailabilityObserver): DatabaseConnection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'executeQuery') {
        return async (...args: Parameters<DatabaseConnection['executeQuery']>) => {
          try {
            const result = await target.executeQuery(...args);
            availability.noteSuccess();
            return result;
          } catch (error) {
            if (!isDatabaseUnavailable(error)) throw error;
            availability.noteFailure(error);
            throw new UnavailableError('The database is unavailable.', {}, { cause: error });
          }
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
