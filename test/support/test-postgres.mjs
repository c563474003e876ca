// Where the tests find PostgreSQL: shared by the prerequisite step (plain Node, before the suites) and the suites.
import pg from 'pg';

/** The role the prerequisite step creates on a stock Debian cluster, which refuses password-less TCP logins. */
export const testRole = { name: 'testata_test', password: 'testata_test' };

/** TESTATA_TEST_PG_URL when set; otherwise the local server as `postgres`, then as the prerequisite step's role. */
export function postgresUrlCandidates(env = process.env) {
  if (env.TESTATA_TEST_PG_URL) return [env.TESTATA_TEST_PG_URL];
  return [
    'postgres://postgres@127.0.0.1:5432/postgres',
    `postgres://${testRole.name}:${testRole.password}@127.0.0.1:5432/postgres`,
  ];
}

/** Whether a server answers `select 1` at `url` within two seconds. */
export async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The first candidate URL that answers, or null. */
export async function findTestPostgres(env = process.env) {
  for (const url of postgresUrlCandidates(env)) if (await postgresAnswers(url)) return url;
  return null;
}
