// The Admin API's sign-in contract over the real HTTP app on each database, attacked as well as used: forms
// and other origins refused, CSRF tokens required on writes, no route reached by a trick of the URL.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditActor } from '../../../src/domain/staff/audit-event.ts';
import { describeEachDatabase } from '../../support/test-databases.ts';
import { createTestSite, type TestSite } from '../../support/test-site.ts';

const shell: AuditActor = { kind: 'shell', label: 'shell (test)' };
const password = 'la redazione chiude alle due';
const session = '/api/admin/v1/session';

describeEachDatabase('Admin API sign-in on %s', (database) => {
  let site: TestSite;
  let origin: string;
  beforeAll(async () => {
    site = await createTestSite({ database, demo: false });
    origin = new URL(site.testata.config.publicUrl).origin;
    await site.testata.staff.create({ email: 'direttrice@ilcontrovento.it', role: 'owner', password }, shell);
    await site.testata.staff.create({ email: 'doppio@ilcontrovento.it', role: 'editor', password }, shell);
  }, 60_000);
  afterAll(() => site?.close());

  const signIn = async (email = 'direttrice@ilcontrovento.it', pass = password, ip = '127.0.0.1') => {
    const response = await site.app.inject({
      method: 'POST',
      url: session,
      payload: { email, password: pass },
      remoteAddress: ip,
    });
    const cookie = response.cookies.find((c) => c.name === 'testata_session');
    return { response, cookie: cookie && `testata_session=${cookie.value}`, body: response.json() };
  };

  test('signs in with JSON: an HttpOnly SameSite=Lax cookie, the CSRF token and who signed in, never cached', async () => {
    const { response, body } = await signIn();
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const [cookie] = response.cookies;
    expect(cookie).toMatchObject({ name: 'testata_session', httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.secure).toBeFalsy();
    expect(body).toMatchObject({
      second_factor_required: false,
      csrf_token: expect.stringMatching(/^[\w-]{43}$/),
      user: { email: 'direttrice@ilcontrovento.it', role: 'owner' },
    });
  });

  test('GET /session says who is signed in; without a session it is 401', async () => {
    const { cookie, body } = await signIn();
    const signedIn = await site.app.inject({ method: 'GET', url: session, headers: { cookie: cookie! } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ csrf_token: body.csrf_token, user: { role: 'owner' } });
    const anonymous = await site.app.inject({ method: 'GET', url: session });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'sign in first' } });
    const forged = await site.app.inject({ method: 'GET', url: session, headers: { cookie: 'testata_session=abc' } });
    expect(forged.statusCode).toBe(401);
  });

  test('signing out needs the CSRF token and our origin; then the cookie signs nobody in', async () => {
    const { cookie, body } = await signIn();
    const del = (headers: Record<string, string>) =>
      site.app.inject({ method: 'DELETE', url: session, headers: { cookie: cookie!, ...headers } });
    expect((await del({})).statusCode).toBe(403);
    expect((await del({ 'x-csrf-token': 'x'.repeat(43) })).statusCode).toBe(403);
    const crossSite = await del({ 'x-csrf-token': body.csrf_token, origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.message).toBe('the request comes from another site');
    expect((await del({ 'x-csrf-token': body.csrf_token, referer: 'https://evil.example/x' })).statusCode).toBe(403);
    const signedOut = await del({ 'x-csrf-token': body.csrf_token, origin });
    expect(signedOut.statusCode).toBe(204);
    expect((await site.app.inject({ method: 'GET', url: session, headers: { cookie: cookie! } })).statusCode).toBe(401);
  });

  test('refuses what an HTML form on another site could send: urlencoded, multipart, text/plain, another origin', async () => {
    for (const [contentType, payload] of [
      [
        'application/x-www-form-urlencoded',
        `email=direttrice%40ilcontrovento.it&password=${encodeURIComponent(password)}`,
      ],
      ['text/plain', JSON.stringify({ email: 'direttrice@ilcontrovento.it', password })],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na\r\n--x--\r\n`],
    ]) {
      const response = await site.app.inject({
        method: 'POST',
        url: session,
        headers: { 'content-type': contentType! },
        payload: payload!,
      });
      expect([contentType, response.statusCode]).toEqual([contentType, 415]);
      expect(response.cookies).toEqual([]);
    }
    const crossSite = await site.app.inject({
      method: 'POST',
      url: session,
      headers: { origin: 'https://evil.example' },
      payload: { email: 'direttrice@ilcontrovento.it', password },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.cookies).toEqual([]);
  });

  test('names a malformed body by field, and answers a wrong password like an unknown address', async () => {
    const extra = await site.app.inject({
      method: 'POST',
      url: session,
      payload: { email: 'a', password: 'b', admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.field).toBe('admin');
    const wrong = await signIn('direttrice@ilcontrovento.it', 'non è questa', '10.9.9.1');
    const unknown = await signIn('nessuno@ilcontrovento.it', password, '10.9.9.2');
    expect([wrong.response.statusCode, unknown.response.statusCode]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.response.cookies).toEqual([]);
  });

  test('too many failures answer 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) await signIn('doppio@ilcontrovento.it', 'sbagliata', `10.8.0.${i}`);
    const throttled = await signIn('doppio@ilcontrovento.it', password, '10.8.1.1');
    expect(throttled.response.statusCode).toBe(429);
    expect(Number(throttled.response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled.body.error.code).toBe('TOO_MANY_ATTEMPTS');
  });

  test('no trick of the URL reaches a signed-in route without a session', async () => {
    for (const url of [
      '/api/admin/v1/session/',
      '/API/admin/v1/session',
      '/api/admin/v1/Session',
      '/api/admin/v1/%73ession',
      '/api/admin/v1/x/../session',
      '/api/admin/v1//session',
      '/api/admin/v1/session%2F',
      '/api/admin/v1/session;x=1',
      '/api/admin/v1/session?x=1',
    ]) {
      const response = await site.app.inject({ method: 'GET', url });
      // 301: the reader site's trailing-slash redirect, to a URL of ours that is itself a 404.
      expect([url, response.statusCode]).toEqual([url, expect.toBeOneOf([301, 401, 404])]);
      expect(response.body).not.toContain('csrf_token');
    }
  });

  test('an account with a second factor gets no usable session from its password alone', async () => {
    await site.testata.database.db
      .updateTable('staff_users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_confirmed_at: new Date().toISOString() })
      .where('email', '=', 'direttrice@ilcontrovento.it')
      .execute();
    const { response, cookie, body } = await signIn('direttrice@ilcontrovento.it', password, '10.7.0.1');
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ second_factor_required: true });
    expect((await site.app.inject({ method: 'GET', url: session, headers: { cookie: cookie! } })).statusCode).toBe(401);
  });
});

describe('Admin API sign-in on an https site', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ demo: false, env: { PUBLIC_URL: 'https://www.ilcontrovento.it' } });
    await site.testata.staff.create({ email: 'direttrice@ilcontrovento.it', role: 'owner', password }, shell);
  }, 60_000);
  afterAll(() => site?.close());

  test('the cookie is Secure and named __Host-, so no subdomain or plain-http page can set or read it', async () => {
    const response = await site.app.inject({
      method: 'POST',
      url: session,
      payload: { email: 'direttrice@ilcontrovento.it', password },
    });
    expect(response.statusCode).toBe(200);
    expect(response.cookies[0]).toMatchObject({ name: '__Host-testata_session', secure: true, path: '/' });
    expect(response.cookies[0]!.domain).toBeUndefined();
  });
});

describe('the Admin API access gate', () => {
  test('a route that declares no access cannot even be registered', async () => {
    const { default: Fastify } = await import('fastify');
    const { registerAdminAccess } = await import('../../../src/http/admin/admin-access.ts');
    const app = Fastify();
    // Not awaited: the plugin's failure surfaces at ready(), as it would when the server starts.
    void app.register(async (admin) => {
      registerAdminAccess(admin, {
        signIn: undefined as never,
        publicOrigin: 'http://testata.test',
        cookieName: 'testata_session',
      });
      admin.get('/forgotten', async () => 'open');
    });
    await expect(app.ready()).rejects.toThrow('GET /forgotten: an Admin API route must declare config.access');
  });
});
