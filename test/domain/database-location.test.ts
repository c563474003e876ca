import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { parseDatabaseLocation } from '../../src/domain/database-location.ts';
import { ValidationError } from '../../src/domain/errors.ts';

const refusal = (text: string) => {
  try {
    parseDatabaseLocation(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error(`${text} was accepted`);
};

describe('database locations', () => {
  test('reads sqlite:PATH and a plain path as a SQLite file, a relative one from the working directory', () => {
    expect(parseDatabaseLocation('sqlite:/srv/testata.db')).toEqual({ kind: 'sqlite', file: '/srv/testata.db' });
    expect(parseDatabaseLocation('sqlite:data/testata.db')).toEqual({
      kind: 'sqlite',
      file: path.resolve('data/testata.db'),
    });
    expect(parseDatabaseLocation('archivio.db')).toEqual({ kind: 'sqlite', file: path.resolve('archivio.db') });
    expect(parseDatabaseLocation('/srv/testata.db')).toEqual({ kind: 'sqlite', file: '/srv/testata.db' });
  });

  test('keeps a PostgreSQL URL with a host, or with its socket directory in ?host=, as it is', () => {
    for (const url of [
      'postgres://redazione:segreta@db.example:5432/testata',
      'postgresql://db.example/testata?sslmode=require',
      'postgres:///testata?host=/run/postgresql',
      'postgres://redazione@/testata?host=%2Ftmp',
    ]) {
      expect(parseDatabaseLocation(url)).toEqual({ kind: 'postgres', url });
    }
  });

  test('reads a PostgreSQL URL without a host as the local socket, as psql does, not as TCP to localhost', () => {
    expect(parseDatabaseLocation('postgres:///testata')).toEqual({
      kind: 'postgres',
      url: 'postgres:///testata?host=%2Fvar%2Frun%2Fpostgresql',
    });
    expect(parseDatabaseLocation('postgresql://redazione@/testata?sslmode=disable')).toEqual({
      kind: 'postgres',
      url: 'postgresql://redazione@/testata?sslmode=disable&host=%2Fvar%2Frun%2Fpostgresql',
    });
  });

  test('refuses an unknown scheme, an empty value and a sqlite: without a file, naming the value but not its password', () => {
    expect(refusal('mysql://redazione:segreta@db.example/testata')).toBe(
      'must be sqlite:PATH or postgres://user:password@host:port/database, or a file path; ' +
        '"mysql://redazione:***@db.example/testata" has the scheme mysql:, which Testata does not know',
    );
    expect(refusal('')).toMatch(/^must be sqlite:PATH .*; "" is empty$/);
    expect(refusal('sqlite:')).toMatch(/; "sqlite:" names no file$/);
  });

  test('configuration reads DATABASE_URL with the same parser', () => {
    for (const url of ['postgres:///testata', 'sqlite:data/altro.db', 'altro.db']) {
      expect(loadConfig({ DATABASE_URL: url }).database).toEqual(parseDatabaseLocation(url));
    }
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL="mysql:\/\/x": must be sqlite:PATH .* has the scheme mysql:/,
    );
  });
});
