// Turns "the database server is away" (refused, restarting, connection cut) into the domain's
// UnavailableError, so callers answer 503 and retry, instead of treating it as a bug.
import { PostgresDialect, type DatabaseConnection, type Driver } from 'kysely';
import { UnavailableError } from '../../domain/errors.ts';

/** SQLSTATE classes and codes meaning the server or the connection is gone, not that the query is wrong. */
const unavailableSqlStates = /^(08...|57P0[123]|53300)$/;
const unavailableMessages =
  /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableSqlStates.test(code)) return true;
  if (typeof code === 'string' && /^E(CONNREFUSED|CONNRESET|PIPE|HOSTUNREACH|TIMEDOUT)$/.test(code)) return true;
  return unavailableMessages.test(error.message);
}

function translated(error: unknown): unknown {
  return isDatabaseUnavailable(error)
    ? new UnavailableError('The database is unavailable.', {}, { cause: error })
    : error;
}

export class PostgresUnavailableDialect extends PostgresDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    return new Proxy(driver, {
      get(target, property, receiver) {
        if (property === 'acquireConnection') {
          return async () => {
            let connection: DatabaseConnection;
            try {
              connection = await target.acquireConnection();
            } catch (error) {
              // Whatever stops us from getting a connection (refused, timed out, not accepting), the request can only wait.
              throw new UnavailableError('The database is unavailable.', {}, { cause: error });
            }
            return withTranslatedErrors(connection);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

function withTranslatedErrors(connection: DatabaseConnection): DatabaseConnection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'executeQuery') {
        return async (...args: Parameters<DatabaseConnection['executeQuery']>) => {
          try {
            return await target.executeQuery(...args);
          } catch (error) {
            throw translated(error);
          }
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
