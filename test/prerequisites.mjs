#!/usr/bin/env node
// `npm test` runs this first: it checks the programs the suites drive, installs them from Debian when it runs
// as root, starts a stopped local PostgreSQL, and otherwise stops with the exact command a person must run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findTestPostgres, postgresUrlCandidates, testRole } from './support/test-postgres.mjs';

const requirePostgres = process.env.TESTATA_TEST_REQUIRE_PG === '1';
const isRoot = process.getuid?.() === 0;
const hasAptGet = fs.existsSync('/usr/bin/apt-get');
const say = (line) => process.stderr.write(`prerequisites: ${line}\n`);

const succeeds = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const run = (command, args, env = process.env) => {
  say(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
};

/** Debian packages by what the suites need of them, each with its check. */
const tools = [
  {
    need: "Chromium for the browser tests (Debian's, driven by playwright-core)",
    debianPackage: 'chromium',
    present: () => fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  },
  {
    need: 'a Java runtime for the Nu HTML checker (vnu-jar)',
    debianPackage: 'default-jre-headless',
    present: () => succeeds('java', ['-version']),
  },
  // Debian's feedparser is in /usr/bin/python3's dist-packages; another python3 first on PATH may lack it.
  {
    need: "python3-feedparser for the feed tests (Debian's /usr/bin/python3)",
    debianPackage: 'python3-feedparser',
    present: () => succeeds('/usr/bin/python3', ['-c', 'import feedparser']),
  },
  {
    need: 'xmllint for the sitemap tests',
    debianPackage: 'libxml2-utils',
    present: () => succeeds('xmllint', ['--version']),
  },
];
const postgresInstalled = () => fs.existsSync('/usr/bin/pg_ctlcluster');

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', ...packages], env);
}

/** Starts the newest local cluster if it is stopped, and waits for it to answer. */
async function startLocalCluster() {
  const versions = fs.existsSync('/etc/postgresql')
    ? fs.readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b))
    : [];
  const version = versions.at(-1);
  if (!version) return null;
  if (!succeeds('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']))
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
  for (let second = 0; second < 30 && !succeeds('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']); second++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return version;
}

/** A stock Debian cluster refuses password-less TCP logins: give the tests a role of their own. */
function createTestRole() {
  const statement = `do $$ begin
    if not exists (select from pg_roles where rolname = '${testRole.name}') then
      create role ${testRole.name} login superuser password '${testRole.password}';
    end if;
  end $$;`;
  run('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-c', statement]);
}

const missing = tools.filter((tool) => !tool.present());
const installPostgres =
  isRoot && !postgresInstalled() && !process.env.TESTATA_TEST_PG_URL && !(await findTestPostgres());
if (missing.length > 0 || installPostgres) {
  const packages = [...missing.map((tool) => tool.debianPackage), ...(installPostgres ? ['postgresql'] : [])];
  for (const tool of missing) say(`missing ${tool.need}`);
  if (!(isRoot && hasAptGet)) {
    say(
      `stopping: run this, then npm test again:\n\n    sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}\n`,
    );
    process.exit(1);
  }
  aptInstall(packages);
  const still = tools.filter((tool) => !tool.present());
  if (still.length > 0) {
    say(`still missing after apt-get: ${still.map((tool) => tool.debianPackage).join(', ')}`);
    process.exit(1);
  }
}

let postgresUrl = await findTestPostgres();
if (!postgresUrl && isRoot && postgresInstalled() && !process.env.TESTATA_TEST_PG_URL) {
  await startLocalCluster();
  postgresUrl = await findTestPostgres();
  if (!postgresUrl && succeeds('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q'])) {
    createTestRole();
    postgresUrl = await findTestPostgres();
  }
}
if (!postgresUrl) {
  const tried = postgresUrlCandidates().join(' or ');
  const command = process.env.TESTATA_TEST_PG_URL
    ? `start the server at TESTATA_TEST_PG_URL (${process.env.TESTATA_TEST_PG_URL})`
    : 'sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start, then npm test as root once (it creates the tests\' role), or set TESTATA_TEST_PG_URL';
  if (requirePostgres) {
    say(
      `stopping: PostgreSQL is required (TESTATA_TEST_REQUIRE_PG=1) and does not answer at ${tried}. To fix: ${command}`,
    );
    process.exit(1);
  }
  say(
    `WARNING: PostgreSQL does not answer at ${tried}: the suites' PostgreSQL half is SKIPPED (counted as skipped below). To run it: ${command}`,
  );
} else {
  say(`all present; PostgreSQL answers at ${postgresUrl.replace(/:[^:@/]*@/, ':***@')}`);
}
