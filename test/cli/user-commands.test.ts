// `testata user …` as a newsroom's sysadmin runs it, in its own process beside a running site, on each database.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../support/test-databases.ts';
import { runSiteCommand } from '../support/site-command.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

const password = 'la redazione chiude alle due';

describeEachDatabase('testata user on %s', (database) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ database, demo: true });
  });
  afterAll(() => site?.close());

  /** Runs the command with `input` on its standard input (a pipe, as in a script). */
  // Each command is a whole process start (bundle check, migrations): slow on a loaded machine.
  const testata = (args: string[], input = '') => runSiteCommand(site, args, input);

  test('creates an owner with the password piped on standard input, and never prints the password', async () => {
    const result = await testata(
      ['user', 'create', '--email', 'Direttrice@IlControvento.it', '--role', 'owner', '--name', 'Giulia Neri'],
      `${password}\n`,
    );
    expect(result.stderr).not.toContain(password);
    expect(result.stdout).not.toContain(password);
    expect(result).toMatchObject({ status: 0, stdout: 'Created owner direttrice@ilcontrovento.it (Giulia Neri).\n' });
    const [user] = await site.testata.staff.list();
    expect(user).toMatchObject({ email: 'direttrice@ilcontrovento.it', role: 'owner', displayName: 'Giulia Neri' });
  });

  test('refuses a password given as an argument, as a usage error, and writes nothing', async () => {
    const result = await testata(
      ['user', 'create', '--email', 'x@ilcontrovento.it', '--role', 'editor', '--password', password],
      `${password}\n`,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--password'");
    expect((await site.testata.staff.list()).map((u) => u.email)).not.toContain('x@ilcontrovento.it');
  });

  test('refuses a weak password, an unknown role, a taken address and no password at all, saying why', async () => {
    const weak = await testata(['user', 'create', '--email', 'a@ilcontrovento.it', '--role', 'editor'], 'corta\n');
    expect(weak).toMatchObject({
      status: 1,
      stderr: 'user create: password must be at least 12 characters (got 5); nothing was written.\n',
    });
    const role = await testata(['user', 'create', '--email', 'a@ilcontrovento.it', '--role', 'capo'], `${password}\n`);
    expect(role.stderr).toBe(
      'user create: role must be one of owner, editor, author, contributor, got "capo"; nothing was written.\n',
    );
    const taken = await testata(
      ['user', 'create', '--email', 'direttrice@ilcontrovento.it', '--role', 'editor'],
      `${password}\n`,
    );
    expect(taken).toMatchObject({ status: 1 });
    expect(taken.stderr).toContain('already exists');
    const none = await testata(['user', 'create', '--email', 'a@ilcontrovento.it', '--role', 'editor'], '');
    expect(none).toMatchObject({ status: 1, stderr: 'user create: no password given; nothing was written.\n' });
    expect(await site.testata.staff.list()).toHaveLength(1);
  }, 60_000);

  test('lists, disables and enables accounts, and resets a second factor, each recorded in the audit log', async () => {
    const created = await testata(
      ['user', 'create', '--email', 'cronista@ilcontrovento.it', '--role', 'author', '--author', 'margherita-sala'],
      `${password}\n`,
    );
    expect(created.status).toBe(0);
    const list = await testata(['user', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^direttrice@ilcontrovento\.it\s+owner\s+2FA off\s+enabled\s+Giulia Neri$/m);
    expect(list.stdout).toMatch(/^cronista@ilcontrovento\.it\s+author\s+2FA off\s+enabled\s+cronista$/m);

    expect(await testata(['user', 'disable', '--email', 'cronista@ilcontrovento.it'])).toMatchObject({
      status: 0,
      stdout: 'Disabled cronista@ilcontrovento.it: it can no longer sign in.\n',
    });
    expect((await testata(['user', 'enable', '--email', 'cronista@ilcontrovento.it'])).status).toBe(0);
    expect((await testata(['user', 'reset-2fa', '--email', 'cronista@ilcontrovento.it'])).stdout).toContain(
      'has no second factor now',
    );
    expect(await testata(['user', 'reset-2fa', '--email', 'nessuno@ilcontrovento.it'])).toMatchObject({
      status: 1,
      stderr: 'user reset-2fa: no staff account has the email nessuno@ilcontrovento.it; nothing was written.\n',
    });

    const events = await site.testata.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_label'])
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.action)).toEqual([
      'staff.create',
      'staff.create',
      'staff.disable',
      'staff.enable',
    ]);
    expect(events.every((event) => /^shell \(.+@.+\)$/.test(event.actor_label))).toBe(true);
  }, 90_000);
});
