// Two-factor sign-in over the real HTTP app on each database: setting up TOTP (QR code, recovery codes shown
// once), then a password that opens nothing alone, codes good once, recovery codes good once, and a new
// session id once the second factor is given.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditActor } from '../../../src/domain/staff/audit-event.ts';
import { currentTotpCode } from '../../../src/services/staff/totp.ts';
import { describeEachDatabase } from '../../support/test-databases.ts';
import { createTestSite, type TestSite } from '../../support/test-site.ts';

const shell: AuditActor = { kind: 'shell', label: 'shell (test)' };
const password = 'la redazione chiude alle due';
const email = 'direttrice@ilcontrovento.it';
const api = '/api/admin/v1';

describeEachDatabase('Admin API second factor on %s', (database) => {
  let site: TestSite;
  let origin: string;
  beforeAll(async () => {
    site = await createTestSite({ database, demo: false });
    origin = new URL(site.testata.config.publicUrl).origin;
    await site.testata.staff.create({ email, role: 'owner', password }, shell);
  }, 60_000);
  afterAll(() => site?.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    site.app.inject({ method: 'POST', url: `${api}${url}`, payload, headers });
  const cookieOf = (response: { cookies: { name: string; value: string }[] }) => {
    const cookie = response.cookies.find((c) => c.name === 'testata_session');
    return cookie && `testata_session=${cookie.value}`;
  };
  const whoAmI = async (cookie: string) =>
    (await site.app.inject({ method: 'GET', url: `${api}/session`, headers: { cookie } })).statusCode;
  const signInWithPassword = async () => {
    const response = await post('/session', { email, password });
    expect(response.json()).toEqual({ second_factor_required: true });
    return cookieOf(response)!;
  };

  /** Codes change every 30 s: a test that reasons about steps starts well inside one, not at its edge. */
  const awayFromStepEdge = async () => {
    const intoStep = Date.now() % 30_000;
    if (intoStep > 25_000) await new Promise((resolve) => setTimeout(resolve, 30_500 - intoStep));
  };

  let secret: string;
  let recoveryCodes: string[];
  let confirmationCode: string;

  test('a signed-in user sets up TOTP: a secret, an otpauth URI and a QR code, confirmed by a first code', async () => {
    await awayFromStepEdge();
    const signedIn = await post('/session', { email, password });
    const cookie = cookieOf(signedIn)!;
    const headers = { cookie, 'x-csrf-token': signedIn.json().csrf_token, origin };
    expect((await post('/session/second-factor/setup', {}, { cookie })).statusCode).toBe(403);
    const setup = await post('/session/second-factor/setup', {}, headers);
    expect(setup.statusCode).toBe(200);
    secret = setup.json().secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.json().uri).toMatch(
      /^otpauth:\/\/totp\/.+\?issuer=.+&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/,
    );
    expect(setup.json().qr_code_svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const wrong = await post('/session/second-factor/confirm', { code: '000000' }, headers);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('code');
    confirmationCode = currentTotpCode(secret, new Date());
    const confirmed = await post('/session/second-factor/confirm', { code: confirmationCode }, headers);
    expect(confirmed.statusCode).toBe(200);
    recoveryCodes = confirmed.json().recovery_codes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await site.testata.database.db.selectFrom('staff_recovery_codes').select('code_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.replace('-', ''));
    expect((await post('/session/second-factor/setup', {}, headers)).statusCode).toBe(409);
  });

  test('the password alone opens nothing; the code opens a session under a new id; a code is good once', async () => {
    await awayFromStepEdge();
    const pending = await signInWithPassword();
    expect(await whoAmI(pending)).toBe(401);
    // The confirmation spent its code (and every code of an earlier step): the same code again is refused.
    const replayed = await post('/session/second-factor', { code: confirmationCode }, { cookie: pending });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.message).toBe('wrong code');
    const nextCode = currentTotpCode(secret, new Date(Date.now() + 30_000));
    const completed = await post('/session/second-factor', { code: nextCode }, { cookie: pending });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ second_factor_required: false, user: { email } });
    const session = cookieOf(completed)!;
    expect(session).not.toBe(pending);
    expect(await whoAmI(session)).toBe(200);
    expect(await whoAmI(pending)).toBe(401);

    const again = await signInWithPassword();
    expect((await post('/session/second-factor', { code: nextCode }, { cookie: again })).statusCode).toBe(401);
  });

  test('a recovery code stands in for the app once, in any case and spacing', async () => {
    const pending = await signInWithPassword();
    const spoken = recoveryCodes[3]!.toUpperCase().replace('-', ' ');
    const completed = await post('/session/second-factor', { code: spoken }, { cookie: pending });
    expect(completed.statusCode).toBe(200);
    const again = await signInWithPassword();
    expect((await post('/session/second-factor', { code: recoveryCodes[3]! }, { cookie: again })).statusCode).toBe(401);
  });

  test('no pending session, or a signed-in one, is no way round the password', async () => {
    const code = currentTotpCode(secret, new Date(Date.now() + 30_000));
    expect((await post('/session/second-factor', { code })).statusCode).toBe(401);
    expect((await post('/session/second-factor', { code }, { cookie: 'testata_session=made-up' })).statusCode).toBe(
      401,
    );
  });

  test('after `user reset-2fa` the password is enough again', async () => {
    await site.testata.staff.resetSecondFactor(email, shell);
    const signedIn = await post('/session', { email, password });
    expect(signedIn.json().second_factor_required).toBe(false);
    expect(await whoAmI(cookieOf(signedIn)!)).toBe(200);
  });
});
