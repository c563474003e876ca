// Staff accounts on each database: argon2id hashes, one account per address, the last owner kept, the second
// factor reset, and every change in the audit log, in the same transaction.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { NotFoundError } from '../../../src/domain/errors.ts';
import type { AuditActor } from '../../../src/domain/staff/audit-event.ts';
import { argon2idPasswordHasher } from '../../../src/services/staff/password-hasher.ts';
import { describeEachDatabase } from '../../support/test-databases.ts';
import { createTestSite, type TestSite } from '../../support/test-site.ts';

const shell: AuditActor = { kind: 'shell', label: 'shell (root@redazione-1)' };
const password = 'vento di tramontana sul molo';

describeEachDatabase('staff accounts on %s', (database) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ database, demo: true });
  });
  afterAll(() => site?.close());

  const staff = () => site.testata.staff;
  const db = () => site.testata.database.db;
  const auditFor = (subjectId: string) =>
    db().selectFrom('audit_events').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute();

  test('creates an account with an argon2id hash of its password, and logs who created it', async () => {
    const created = await staff().create(
      { email: ' Direttrice@IlControvento.it', role: 'owner', password, displayName: 'Giulia Neri' },
      shell,
    );
    expect(created).toMatchObject({
      email: 'direttrice@ilcontrovento.it',
      role: 'owner',
      displayName: 'Giulia Neri',
      authorId: null,
      hasSecondFactor: false,
      disabledAt: null,
    });
    const row = await db().selectFrom('staff_users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(row.password_hash).not.toContain(password);
    expect(await argon2idPasswordHasher.verify(row.password_hash, password)).toBe(true);
    expect(await argon2idPasswordHasher.verify(row.password_hash, `${password}!`)).toBe(false);
    const [event] = await auditFor(created.id);
    expect(event).toMatchObject({
      action: 'staff.create',
      actor_id: null,
      actor_label: 'shell (root@redazione-1)',
      subject_type: 'staff_user',
    });
    expect(JSON.parse(event!.details)).toEqual({ email: 'direttrice@ilcontrovento.it', role: 'owner' });
    expect(event!.details).not.toContain(password);
  });

  test('refuses a second account for the same address in another case, writing nothing', async () => {
    const before = await db().selectFrom('audit_events').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    await expect(
      staff().create({ email: 'DIRETTRICE@ilcontrovento.it', role: 'editor', password }, shell),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'a staff account with the email direttrice@ilcontrovento.it already exists',
      details: { field: 'email' },
    });
    const after = await db().selectFrom('audit_events').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    expect(Number(after!.n)).toBe(Number(before!.n));
  });

  test('links an account to an author by slug, and names an unknown slug', async () => {
    const author = await firstAuthor(site);
    const linked = await staff().create(
      { email: 'cronista@ilcontrovento.it', role: 'author', password, authorSlug: author.slug },
      shell,
    );
    expect(linked.authorId).toBe(author.id);
    await expect(
      staff().create({ email: 'altro@ilcontrovento.it', role: 'author', password, authorSlug: 'nessuno' }, shell),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'author: no author has the slug "nessuno"',
      details: { field: 'author' },
    });
    expect(await staff().list()).not.toContainEqual(expect.objectContaining({ email: 'altro@ilcontrovento.it' }));
  });

  test('refuses a weak password or an unknown role before anything is hashed or written', async () => {
    await expect(
      staff().create({ email: 'debole@ilcontrovento.it', role: 'editor', password: 'Juventus1897!' }, shell),
    ).rejects.toThrow('password is too easy to guess: it is one of the most common passwords');
    await expect(staff().create({ email: 'debole@ilcontrovento.it', role: 'admin', password }, shell)).rejects.toThrow(
      'role must be one of owner, editor, author, contributor, got "admin"',
    );
    expect((await staff().list()).map((user) => user.email)).not.toContain('debole@ilcontrovento.it');
  });

  test('will not disable the only enabled owner; disables and enables anyone else, logging each change once', async () => {
    await expect(staff().disable('direttrice@ilcontrovento.it', shell)).rejects.toThrow(
      'direttrice@ilcontrovento.it is the only enabled owner: make another owner first',
    );
    const disabled = await staff().disable('cronista@ilcontrovento.it', shell);
    expect(disabled.disabledAt).not.toBeNull();
    await staff().disable('cronista@ilcontrovento.it', shell);
    const enabled = await staff().enable('Cronista@ilcontrovento.it', shell);
    expect(enabled.disabledAt).toBeNull();
    expect((await auditFor(enabled.id)).map((event) => event.action)).toEqual([
      'staff.create',
      'staff.disable',
      'staff.enable',
    ]);
    await expect(staff().disable('nessuno@ilcontrovento.it', shell)).rejects.toThrow(NotFoundError);
  });

  test('a second owner can be disabled while another stays enabled', async () => {
    const second = await staff().create({ email: 'editore@ilcontrovento.it', role: 'owner', password }, shell);
    expect((await staff().disable(second.email, shell)).disabledAt).not.toBeNull();
  });

  test('resetting the second factor removes the TOTP secret and every recovery code', async () => {
    const user = await staff().create({ email: 'bloccata@ilcontrovento.it', role: 'editor', password }, shell);
    const now = new Date().toISOString();
    await db()
      .updateTable('staff_users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_confirmed_at: now })
      .where('id', '=', user.id)
      .execute();
    await db()
      .insertInto('staff_recovery_codes')
      .values([
        { user_id: user.id, code_hash: 'h1', used_at: null },
        { user_id: user.id, code_hash: 'h2', used_at: now },
      ])
      .execute();
    expect((await staff().list()).find((u) => u.id === user.id)?.hasSecondFactor).toBe(true);

    const reset = await staff().resetSecondFactor(user.email, shell);

    expect(reset.hasSecondFactor).toBe(false);
    const row = await db().selectFrom('staff_users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect([row.totp_secret, row.totp_confirmed_at]).toEqual([null, null]);
    expect(await db().selectFrom('staff_recovery_codes').selectAll().where('user_id', '=', user.id).execute()).toEqual(
      [],
    );
    expect((await auditFor(user.id)).map((event) => event.action)).toEqual([
      'staff.create',
      'staff.reset-second-factor',
    ]);
  });
});

async function firstAuthor(site: TestSite): Promise<{ id: string; slug: string }> {
  return site.testata.database.db
    .selectFrom('authors')
    .select(['id', 'slug'])
    .orderBy('slug')
    .executeTakeFirstOrThrow();
}
