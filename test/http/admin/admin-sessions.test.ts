// A staff user's sessions over the real HTTP app on each database: listed, ended one by one or all at once;
// another's session is invisible to anyone but an owner.
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditActor } from '../../../src/domain/staff/audit-event.ts';
import { describeEachDatabase } from '../../support/test-databases.ts';
import { createTestSite, type TestSite } from '../../support/test-site.ts';

const shell: AuditActor = { kind: 'shell', label: 'shell (test)' };
const password = 'la redazione chiude alle due';
const api = '/api/admin/v1';

describeEachDatabase('Admin API sessions on %s', (database) => {
  let site: TestSite;
  let origin: string;
  beforeAll(async () => {
    site = await createTestSite({ database, demo: false });
    origin = new URL(site.testata.config.publicUrl).origin;
    await site.testata.staff.create({ email: 'direttrice@ilcontrovento.it', role: 'owner', password }, shell);
    await site.testata.staff.create({ email: 'cronista@ilcontrovento.it', role: 'author', password }, shell);
    await site.testata.staff.create({ email: 'redattore@ilcontrovento.it', role: 'editor', password }, shell);
  }, 60_000);
  afterAll(() => site?.close());

  /** A signed-in client: its cookie and CSRF token sent with every request. */
  const signIn = async (email: string, userAgent: string) => {
    const response = await site.app.inject({
      method: 'POST',
      url: `${api}/session`,
      payload: { email, password },
      headers: { 'user-agent': userAgent },
    });
    const cookie = response.cookies.find((c) => c.name === 'testata_session')!;
    const headers = { cookie: `testata_session=${cookie.value}`, 'x-csrf-token': response.json().csrf_token, origin };
    return (method: 'GET' | 'POST' | 'DELETE', url: string) =>
      site.app.inject({ method, url: `${api}${url}`, headers, ...(method === 'POST' ? { payload: {} } : {}) });
  };

  test('lists its own open sessions, marking the current one, and ends another of them', async () => {
    const laptop = await signIn('cronista@ilcontrovento.it', 'Firefox portatile');
    const phone = await signIn('cronista@ilcontrovento.it', 'Safari telefono');
    const listed = (await laptop('GET', '/sessions')).json().sessions;
    expect(listed.map((s: { user_agent: string; is_current: boolean }) => [s.user_agent, s.is_current])).toEqual([
      ['Safari telefono', false],
      ['Firefox portatile', true],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/[0-9a-f]{64}/);
    expect((await laptop('DELETE', `/sessions/${listed[0].id}`)).statusCode).toBe(204);
    expect((await phone('GET', '/session')).statusCode).toBe(401);
    expect((await laptop('GET', '/session')).statusCode).toBe(200);
  });

  test("an editor cannot see or end another's session; an owner can end anyone's", async () => {
    const author = await signIn('cronista@ilcontrovento.it', 'Firefox');
    const authorSession = (await author('GET', '/sessions'))
      .json()
      .sessions.find((s: { is_current: boolean }) => s.is_current);
    const editor = await signIn('redattore@ilcontrovento.it', 'Chrome');
    const refused = await editor('DELETE', `/sessions/${authorSession.id}`);
    expect(refused.statusCode).toBe(404);
    expect((await author('GET', '/session')).statusCode).toBe(200);
    const owner = await signIn('direttrice@ilcontrovento.it', 'Chrome');
    expect((await owner('DELETE', `/sessions/${authorSession.id}`)).statusCode).toBe(204);
    expect((await author('GET', '/session')).statusCode).toBe(401);
  });

  test('"log out everywhere" ends every session of the account, this one included', async () => {
    const first = await signIn('redattore@ilcontrovento.it', 'uno');
    const second = await signIn('redattore@ilcontrovento.it', 'due');
    const everywhere = await first('POST', '/sessions/revoke-all');
    expect(everywhere.statusCode).toBe(200);
    expect(everywhere.json().revoked).toBeGreaterThanOrEqual(2);
    expect((await first('GET', '/session')).statusCode).toBe(401);
    expect((await second('GET', '/session')).statusCode).toBe(401);
  });
});

describe('Admin API on SQLite while another process holds the write lock (an import, say)', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ database: 'sqlite', demo: false });
    await site.testata.staff.create({ email: 'redattore@ilcontrovento.it', role: 'editor', password }, shell);
  }, 60_000);
  afterAll(() => site?.close());

  test('a signed-in editor is answered at once: knowing who is signed in takes no write lock', async () => {
    const signedIn = await site.app.inject({
      method: 'POST',
      url: `${api}/session`,
      payload: { email: 'redattore@ilcontrovento.it', password },
    });
    const cookie = signedIn.cookies.find((c) => c.name === 'testata_session')!;
    const headers = { cookie: `testata_session=${cookie.value}` };
    // As `serve` does: a statement that meets another process's lock fails at once instead of blocking.
    site.testata.database.stopWaitingForLocks();
    const location = site.testata.config.database;
    if (location.kind !== 'sqlite') throw new Error('a SQLite site was asked for');
    const importer = new SqliteDatabase(location.file);
    importer.exec('begin immediate');
    try {
      const startedAt = performance.now();
      const session = await site.app.inject({ method: 'GET', url: `${api}/session`, headers });
      const sessions = await site.app.inject({ method: 'GET', url: `${api}/sessions`, headers });
      // A write transaction would wait in the busy retry for 15 s, then answer 503.
      expect([session.statusCode, sessions.statusCode]).toEqual([200, 200]);
      expect(performance.now() - startedAt).toBeLessThan(5000);
    } finally {
      importer.exec('rollback');
      importer.close();
    }
  }, 30_000);
});

describe('the client address behind a reverse proxy', () => {
  const sessionIpOf = async (site: TestSite, remoteAddress: string) => {
    const signedIn = await site.app.inject({
      method: 'POST',
      url: `${api}/session`,
      payload: { email: 'redattore@ilcontrovento.it', password },
      headers: { 'x-forwarded-for': '203.0.113.9' },
      remoteAddress,
    });
    const cookie = signedIn.cookies.find((c) => c.name === 'testata_session')!;
    const listed = await site.app.inject({
      method: 'GET',
      url: `${api}/sessions`,
      headers: { cookie: `testata_session=${cookie.value}` },
    });
    return listed.json().sessions.find((s: { is_current: boolean }) => s.is_current).ip;
  };
  const siteWith = async (env: Record<string, string>) => {
    const site = await createTestSite({ database: 'sqlite', demo: false, env });
    await site.testata.staff.create({ email: 'redattore@ilcontrovento.it', role: 'editor', password }, shell);
    return site;
  };

  test('is the peer, whatever X-Forwarded-For says, unless the peer is a trusted proxy', async () => {
    const untrusting = await siteWith({});
    try {
      expect(await sessionIpOf(untrusting, '127.0.0.1')).toBe('127.0.0.1');
    } finally {
      await untrusting.close();
    }
    const behindNginx = await siteWith({ TESTATA_TRUSTED_PROXIES: 'loopback' });
    try {
      expect(await sessionIpOf(behindNginx, '127.0.0.1')).toBe('203.0.113.9');
      // Anyone else sending the header is not believed: it could name any address to dodge the throttling.
      expect(await sessionIpOf(behindNginx, '198.51.100.20')).toBe('198.51.100.20');
    } finally {
      await behindNginx.close();
    }
  }, 60_000);
});
