// How a migration that changes what the search index holds asks for the index to be rebuilt: it records the
// request here, and the migrator rebuilds the index once, with the analyser of the day, after the last
// migration (search-rebuild.ts). A migration never runs the search code: that code changes, a migration must
// not. Past migrations call this, so it must go on doing what it does; a change to the table is a migration.
import { sql, type Kysely } from 'kysely';

/** One row per migration that asked for a rebuild not yet done; the migrator empties it when it rebuilds. */
export const searchRebuildRequestTable = 'search_rebuild_requests';

/**
 * Records that the index must be rebuilt once the migrations are done; `migration` is the caller's name. The
 * first request makes the table (a migration of the past cannot rely on a later one to have made it), under
 * the migrator's lock like any DDL of a migration, so processes starting together do not race to make it.
 */
export async function requestSearchRebuild(db: Kysely<unknown>, migration: string): Promise<void> {
  await sql`create table if not exists ${sql.table(searchRebuildRequestTable)} (migration varchar(255) primary key)`.execute(
    db,
  );
  await sql`insert into ${sql.table(searchRebuildRequestTable)} (migration) values (${migration}) on conflict do nothing`.execute(
    db,
  );
}
