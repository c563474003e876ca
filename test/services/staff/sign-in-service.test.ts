// Signing in on each database, as an attacker would try it: wrong and unknown addresses answered alike, guesses
// slowed per account and per IP (also when sent in parallel), locks, expiry, revocation, and a second factor
// that a password alone never gets past.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditActor } from '../../../src/domain/staff/audit-event.ts';
import { sessionLimits, signInLimits } from '../../../src/domain/staff/sign-in-policy.ts';
import { argon2idPasswordHasher } from '../../../src/services/staff/password-hasher.ts';
import { SignInService } from '../../../src/services/staff/sign-in-service.ts';
import { createTransactionRunner } from '../../../src/storage/repositories.ts';
import { describeEachDatabase } from '../../support/test-databases.ts';
import { createTestSite, type TestSite } from '../../support/test-site.ts';

const shell: AuditActor = { kind: 'shell', label: 'shell (test)' };
const password = 'la redazione chiude alle due';

describeEachDatabase('sign-in on %s', (database) => {
  let site: TestSite;
  let now = new Date('2026-12-08T09:00:00Z');
  let signIn: SignInService;
  beforeAll(async () => {
    site = await createTestSite({ database, demo: false });
    const { db, dialect } = site.testata.database;
    // The app's own service on the site's database, with a clock the test moves.
    signIn = new SignInService(createTransactionRunner(db, dialect), argon2idPasswordHasher, uuidv7, () => now);
    for (const [email, role] of [
      ['direttrice@ilcontrovento.it', 'owner'],
      ['cronista@ilcontrovento.it', 'author'],
      ['bersaglio@ilcontrovento.it', 'editor'],
      ['parallelo@ilcontrovento.it', 'editor'],
      ['doppio@ilcontrovento.it', 'editor'],
      ['disattivato@ilcontrovento.it', 'editor'],
    ]) {
      await site.testata.staff.create({ email: email!, role: role!, password }, shell);
    }
    await site.testata.staff.disable('disattivato@ilcontrovento.it', shell);
  }, 60_000);
  afterAll(() => site?.close());

  const db = () => site.testata.database.db;
  const attempt = (email: string, pass: string, ip = '198.51.100.7') =>
    signIn.signIn({ email, password: pass, ip, userAgent: 'Firefox' });
  const later = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  test('signs in with the right password; only the hash of the session id is stored; the sign-in is audited', async () => {
    const result = await attempt(' Direttrice@IlControvento.it ', password);
    expect(result.isSecondFactorRequired).toBe(false);
    expect(result.sessionToken).toMatch(/^[\w-]{43}$/);
    expect(result.csrfToken).toMatch(/^[\w-]{43}$/);
    const rows = await db().selectFrom('staff_sessions').selectAll().execute();
    expect(rows.map((row) => row.id_hash)).toEqual([createHash('sha256').update(result.sessionToken).digest('hex')]);
    expect(JSON.stringify(rows)).not.toContain(result.sessionToken);
    const authenticated = await signIn.authenticate(result.sessionToken);
    expect(authenticated?.user.email).toBe('direttrice@ilcontrovento.it');
    expect(authenticated?.session.csrfToken).toBe(result.csrfToken);
    const event = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'session.sign-in')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_label: 'direttrice@ilcontrovento.it', ip: '198.51.100.7' });
  });

  test('a wrong password, an unknown address and a disabled account get the same answer', async () => {
    const answers = [];
    for (const [email, pass] of [
      ['cronista@ilcontrovento.it', 'non è questa la password'],
      ['nessuno@ilcontrovento.it', password],
      ['disattivato@ilcontrovento.it', password],
      ['non-un-indirizzo', password],
    ]) {
      answers.push(await attempt(email!, pass!, '203.0.113.1').catch((error: unknown) => error));
    }
    for (const answer of answers) {
      expect(answer).toMatchObject({ code: 'UNAUTHENTICATED', message: 'wrong email or password', details: {} });
    }
    const failures = await db()
      .selectFrom('audit_events')
      .select(['actor_label', 'ip'])
      .where('action', '=', 'session.sign-in-failed')
      .orderBy('id')
      .execute();
    expect(failures.map((event) => event.actor_label)).toEqual([
      'cronista@ilcontrovento.it',
      'nessuno@ilcontrovento.it',
      'disattivato@ilcontrovento.it',
      'non-un-indirizzo',
    ]);
  });

  test('after five failures an account waits 1, 2, 4… seconds, even with the right password, known or not', async () => {
    for (const email of ['bersaglio@ilcontrovento.it', 'fantasma@ilcontrovento.it']) {
      for (let failure = 0; failure < signInLimits.accountFreeFailures; failure++) {
        await expect(attempt(email, 'tentativo sbagliato', `192.0.2.${failure}`)).rejects.toMatchObject({
          code: 'UNAUTHENTICATED',
        });
      }
      const refusal = { code: 'TOO_MANY_ATTEMPTS', message: 'too many failed sign-ins: try again in 1 seconds' };
      await expect(attempt(email, password, '192.0.2.99')).rejects.toMatchObject(refusal);
      // A refused attempt was never judged: it does not make the wait longer.
      await expect(attempt(email, password, '192.0.2.99')).rejects.toMatchObject(refusal);
      later(1);
      await expect(attempt(email, 'ancora sbagliata', '192.0.2.99')).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      await expect(attempt(email, password, '192.0.2.99')).rejects.toMatchObject({
        message: 'too many failed sign-ins: try again in 2 seconds',
        details: { retryAfterSeconds: 2 },
      });
    }
    later(2);
    expect((await attempt('bersaglio@ilcontrovento.it', password, '192.0.2.99')).sessionToken).toBeTruthy();
    // A sign-in forgets the account's failures.
    expect(
      await db()
        .selectFrom('sign_in_throttles')
        .selectAll()
        .where('key', '=', 'account:bersaglio@ilcontrovento.it')
        .execute(),
    ).toEqual([]);
  });

  test('guesses sent in parallel are counted before they are judged: no more than five are checked', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        attempt('parallelo@ilcontrovento.it', `sbagliata numero ${i}`, `10.0.0.${i}`),
      ),
    );
    const codes = results.map((result) =>
      result.status === 'rejected' ? (result.reason as { code: string }).code : 'OK',
    );
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(signInLimits.accountFreeFailures);
    expect(codes.filter((code) => code === 'TOO_MANY_ATTEMPTS')).toHaveLength(12 - signInLimits.accountFreeFailures);
  });

  test('one IP address guessing across many accounts is slowed too', async () => {
    later(3600);
    for (let i = 0; i < signInLimits.ipFreeFailures; i++) {
      await expect(attempt(`utente${i}@ilcontrovento.it`, 'sbagliata', '198.51.100.66')).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    await expect(attempt('cronista@ilcontrovento.it', password, '198.51.100.66')).rejects.toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
    });
    expect((await attempt('cronista@ilcontrovento.it', password, '198.51.100.67')).sessionToken).toBeTruthy();
  });

  test('twenty failures lock the account until an owner unlocks it', async () => {
    later(3600);
    const email = 'doppio@ilcontrovento.it';
    for (let failure = 0; failure < signInLimits.accountLockFailures; failure++) {
      later(signInLimits.maxDelaySeconds);
      await expect(attempt(email, 'sbagliata', `172.16.0.${failure}`)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    later(7 * 24 * 3600);
    await expect(attempt(email, password, '172.16.1.1')).rejects.toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      message: 'too many failed sign-ins: this account is locked until an owner unlocks it',
    });
    await site.testata.staff.unlock(email, shell);
    expect((await attempt(email, password, '172.16.1.1')).sessionToken).toBeTruthy();
  });

  /** The last use is written after the answer, not before it: wait until it is there. */
  const untilTouched = async (sessionToken: string) => {
    const idHash = createHash('sha256').update(sessionToken).digest('hex');
    for (let tries = 0; tries < 200; tries++) {
      const row = await db()
        .selectFrom('staff_sessions')
        .select('last_seen_at')
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      if (row?.last_seen_at === now.toISOString()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the session was never touched');
  };

  test('a session ends after 12 idle hours, or 7 days after the sign-in however busy', async () => {
    later(3600);
    const idle = await attempt('cronista@ilcontrovento.it', password, '198.51.100.8');
    later(sessionLimits.idleSeconds - 60);
    expect(await signIn.authenticate(idle.sessionToken)).toBeDefined();
    await untilTouched(idle.sessionToken);
    later(sessionLimits.idleSeconds - 60);
    expect(await signIn.authenticate(idle.sessionToken)).toBeDefined();
    later(sessionLimits.idleSeconds + 1);
    expect(await signIn.authenticate(idle.sessionToken)).toBeUndefined();

    const busy = await attempt('cronista@ilcontrovento.it', password, '198.51.100.8');
    for (let hours = 0; hours < 7 * 24; hours += 6) {
      later(6 * 3600);
      const authenticated = await signIn.authenticate(busy.sessionToken);
      if (hours + 6 < 7 * 24) {
        expect(authenticated).toBeDefined();
        await untilTouched(busy.sessionToken);
      } else expect(authenticated).toBeUndefined();
    }
  });

  test('signing out ends one session; everywhere ends them all; a disabled account has none', async () => {
    await site.testata.staff.create({ email: 'uscita@ilcontrovento.it', role: 'contributor', password }, shell);
    const first = await attempt('uscita@ilcontrovento.it', password, '198.51.100.9');
    const second = await attempt('uscita@ilcontrovento.it', password, '198.51.100.9');
    await signIn.signOut(first.sessionToken, shell);
    expect(await signIn.authenticate(first.sessionToken)).toBeUndefined();
    const user = (await signIn.authenticate(second.sessionToken))!.user;
    const third = await attempt('uscita@ilcontrovento.it', password, '198.51.100.9');
    expect(await signIn.signOutEverywhere(user.id, shell)).toBe(2);
    expect(await signIn.authenticate(second.sessionToken)).toBeUndefined();
    expect(await signIn.authenticate(third.sessionToken)).toBeUndefined();

    const fourth = await attempt('uscita@ilcontrovento.it', password, '198.51.100.9');
    await site.testata.staff.disable('uscita@ilcontrovento.it', shell);
    expect(await signIn.authenticate(fourth.sessionToken)).toBeUndefined();
    expect(await signIn.authenticate('not-a-session')).toBeUndefined();
  });

  test('an account with a second factor gets a session that authenticates nothing on the password alone', async () => {
    await db()
      .updateTable('staff_users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_confirmed_at: now.toISOString() })
      .where('email', '=', 'direttrice@ilcontrovento.it')
      .execute();
    const result = await attempt('direttrice@ilcontrovento.it', password, '198.51.100.10');
    expect(result.isSecondFactorRequired).toBe(true);
    expect(await signIn.authenticate(result.sessionToken)).toBeUndefined();
  });
});
