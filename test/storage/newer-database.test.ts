// A database migrated by a newer Testata (it holds migrations this code does not know) is refused with the
// names of those migrations and what to do, instead of Kysely's "corrupted migrations" (issue 20 F13).
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type Database, NewerDatabaseError } from '../../src/storage/database.ts';
import { describeEachDatabase, openEmptyDatabase } from '../support/test-databases.ts';

describeEachDatabase('a %s database migrated by a newer version', (kind) => {
  let database: Database;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ database, close } = await openEmptyDatabase(kind));
    await database.migrate();
    for (const name of ['0900-from-the-future', '0901-further-still'])
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
        database.db,
      );
  });
  afterEach(() => close());

  test('is refused with the unknown migrations named and what to do', async () => {
    const error = await database.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect((error as NewerDatabaseError).unknownMigrations).toEqual(['0900-from-the-future', '0901-further-still']);
    const message = (error as Error).message;
    expect(message).toContain('migrated by a newer version of Testata');
    expect(message).toContain('0900-from-the-future, 0901-further-still');
    expect(message).toContain('Run the newer version');
    expect(message).not.toContain('corrupted');
  });
});
