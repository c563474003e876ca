// Where the database is, from `DATABASE_URL` or a `db copy` option: `sqlite:PATH`, a plain file path (SQLite),
// or a `postgres://` / `postgresql://` URL. One parser, so that configuration and the commands agree.
import path from 'node:path';
import { ValidationError } from './errors.ts';

export type DatabaseLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const databaseLocationForms = 'sqlite:PATH or postgres://user:password@host:port/database, or a file path';

/**
 * Where libpq, and so psql, looks for the server's socket on Debian: a URL without a host (`postgres:///testata`)
 * means it. The pg driver would take the missing host for TCP to localhost, so the parser says it outright.
 */
export const localSocketDirectory = '/var/run/postgresql';

const postgresUrl = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?(?<host>[^/?#]*)(?<path>\/[^?#]*)?(?:\?(?<query>[^#]*))?$/i;

/** Relative SQLite paths are resolved against the working directory. Throws a ValidationError naming the value. */
export function parseDatabaseLocation(text: string): DatabaseLocation {
  const refuse = (reason: string) =>
    new ValidationError(`must be ${databaseLocationForms}; ${JSON.stringify(withoutPassword(text))} ${reason}`);
  if (text.trim() === '') throw refuse('is empty');
  if (text.startsWith('sqlite:')) {
    const file = text.slice('sqlite:'.length);
    if (!file) throw refuse('names no file');
    return { kind: 'sqlite', file: path.resolve(file) };
  }
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(text)?.[1]; // one letter is a Windows drive, not a scheme
  if (scheme && /^postgres(ql)?$/i.test(scheme)) {
    const match = postgresUrl.exec(text);
    if (!match?.groups) throw refuse('is not a PostgreSQL URL');
    const query = new URLSearchParams(match.groups.query ?? '');
    if (match.groups.host || query.get('host')) return { kind: 'postgres', url: text };
    query.set('host', localSocketDirectory);
    return { kind: 'postgres', url: `${text.replace(/\?.*$/, '')}?${query}` };
  }
  if (scheme) throw refuse(`has the scheme ${scheme}:, which Testata does not know`);
  return { kind: 'sqlite', file: path.resolve(text) };
}

/** The text with the password of any URL in it hidden (locations and driver messages may contain one). */
export function withoutPassword(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)[^@/\s]+@/gi, '$1***@');
}
