// PostgreSQL for the benchmark: is it there, and fresh throwaway databases (`testata_bench_<random>`) that are
// dropped when the run ends by any path (normal end, error, Ctrl-C, SIGTERM, process exit).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { onCleanUp } from './bench-processes.mjs';

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const connectTimeoutMs = 3000;

export function postgresAdminUrl() {
  return process.env.BENCH_PG_URL || defaultPostgresUrl;
}

/** The URL with its password hidden, for logs and the report. */
export function redactUrl(url) {
  return url.replace(/(\/\/[^:@/]*:)[^@/]+@/, '$1***@');
}

export function withDatabase(url, database) {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.href;
}

async function withClient(url, work) {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: 'testata-bench',
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** `{ isReachable, version, settings }` or `{ isReachable: false, error }`; never throws. */
export async function probePostgres(url) {
  try {
    return await withClient(url, async (client) => {
      const version = (await client.query('show server_version')).rows[0].server_version;
      const names = ['shared_buffers', 'synchronous_commit', 'max_connections', 'work_mem', 'effective_cache_size'];
      const { rows } = await client.query('select name, setting, unit from pg_settings where name = any($1)', [names]);
      const settings = Object.fromEntries(rows.map((r) => [r.name, `${r.setting}${r.unit ? ` ${r.unit}` : ''}`]));
      const stale = (
        await client.query("select datname from pg_database where datname like 'testata\\_bench\\_%'")
      ).rows.map((r) => r.datname);
      return { isReachable: true, version, settings, staleBenchDatabases: stale };
    });
  } catch (error) {
    return { isReachable: false, error: error.message };
  }
}

/**
 * The process id of a local server's postmaster, read from postmaster.pid in its data directory, or
 * undefined where that cannot be read (a remote server, or no permission): the CPU time of backends that
 * have ended is counted in the postmaster's children's time.
 */
export async function postmasterPid(url) {
  try {
    const dataDirectory = await withClient(
      url,
      async (client) =>
        (await client.query("select setting from pg_settings where name = 'data_directory'")).rows[0]?.setting,
    );
    const pid = Number(fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Creates `testata_bench_<random>`; it is dropped by `drop()` or, failing that, at exit. */
export async function createBenchDatabase(adminUrl) {
  const name = `testata_bench_${crypto.randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  const dropNow = () => withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
  const unregister = onCleanUp({ run: dropNow, runSync: () => dropDatabaseSync(adminUrl, name) });
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      unregister();
      await dropNow();
    },
  };
}

/** On process 'exit' nothing can be awaited: a short-lived child does the drop. */
function dropDatabaseSync(adminUrl, name) {
  const pgPath = createRequire(import.meta.url).resolve('pg');
  const script = `const pg = require(${JSON.stringify(pgPath)});
const c = new pg.Client({ connectionString: process.env.ADMIN_URL, connectionTimeoutMillis: ${connectTimeoutMs} });
c.connect().then(() => c.query('drop database if exists ${name} with (force)')).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, ADMIN_URL: adminUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 15_000,
  });
  if (result.status !== 0)
    throw new Error(`could not drop ${name}: ${result.stderr?.toString().trim() || result.signal}`);
}

/** VACUUM (ANALYZE) after a bulk load: what autovacuum would have done a minute or so later. */
export async function vacuumAnalyze(url) {
  const startedAt = performance.now();
  await withClient(url, (client) => client.query('vacuum (analyze)'));
  return { seconds: Math.round(performance.now() - startedAt) / 1000 };
}

/** Size of the database and its biggest tables, for the report. */
export async function databaseSize(url) {
  return withClient(url, async (client) => {
    const total = (await client.query('select pg_database_size(current_database())::bigint as bytes')).rows[0].bytes;
    const { rows } = await client.query(
      `select relname, n_live_tup::bigint as rows, pg_total_relation_size(relid)::bigint as bytes, last_autoanalyze, last_analyze
       from pg_stat_user_tables order by pg_total_relation_size(relid) desc limit 4`,
    );
    return {
      bytes: Number(total),
      largestTables: rows.map((r) => ({
        table: r.relname,
        rows: Number(r.rows),
        bytes: Number(r.bytes),
        analyzedAt: r.last_analyze ?? r.last_autoanalyze,
      })),
    };
  });
}
