// Bulk loading into PostgreSQL: secondary indexes and foreign keys cost more maintained row by row than built
// once after the load. At 100,000 articles the server spent 30 s storing the rows with them in place, and 12 s
// storing the rows without them, then building the indexes and checking the foreign keys.
import { sql } from 'kysely';
import type { Db } from '../database-schema.ts';

type Structure = { drop: string; create: string };

/**
 * Drops the foreign keys of these tables (of the current schema) and their indexes that back no constraint;
 * returns the statements that create them again, indexes first. Primary keys and unique constraints stay:
 * rows arrive in primary-key order, so those cost little, and rows are looked up and read back through them.
 * Tables owned by a role we do not belong to keep everything: inserting needs no ownership, dropping does.
 */
export async function dropSecondaryIndexes(db: Db, tables: readonly string[]): Promise<string[]> {
  const { rows: foreignKeys } = await sql<Structure>`
    select format('alter table %s drop constraint %I', c.conrelid::regclass, c.conname) as drop,
      format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) as create
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where c.contype = 'f' and t.relnamespace = current_schema()::regnamespace and t.relname = any(${[...tables]})
      and pg_has_role(t.relowner, 'usage')
    order by t.relname, c.conname`.execute(db);
  const { rows: indexes } = await sql<Structure>`
    select format('drop index %s', i.indexrelid::regclass) as drop, pg_get_indexdef(i.indexrelid) as create
    from pg_index i join pg_class t on t.oid = i.indrelid
    where t.relnamespace = current_schema()::regnamespace and t.relname = any(${[...tables]})
      and pg_has_role(t.relowner, 'usage') and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by t.relname, i.indexrelid::regclass::text`.execute(db);
  for (const { drop } of [...foreignKeys, ...indexes]) await sql.raw(drop).execute(db);
  return [...indexes, ...foreignKeys].map((structure) => structure.create);
}

/** Runs the statements `dropSecondaryIndexes` returned; adding a foreign key checks every row against it. */
export async function createSecondaryIndexes(db: Db, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
