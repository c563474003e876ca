// Signing staff in and out, and knowing who a request's session belongs to. Guessing is slowed per account
// and per IP address with counters in the database; the answer and its cost are the same whether or not an
// address has an account. A session whose account has a second factor authenticates nothing until the factor
// is given.
import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError, TooManyAttemptsError, UnauthenticatedError } from '../../domain/errors.ts';
import { type AuditActor, staffActor } from '../../domain/staff/audit-event.ts';
import { maxPasswordLength } from '../../domain/staff/password-policy.ts';
import { secondsToWait, sessionLimits, signInLimits } from '../../domain/staff/sign-in-policy.ts';
import type { StaffUser } from '../../domain/staff/staff-user.ts';
import type { TransactionRunner } from '../../storage/repositories.ts';
import type { StaffSession } from '../../storage/staff/staff-session-repository.ts';
import type { ThrottleRecord } from '../../storage/staff/sign-in-throttle-repository.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { hashRecoveryCode, looksLikeRecoveryCode, matchTotpStep } from './totp.ts';

export type SignInRequest = { email: string; password: string; ip: string; userAgent: string };

/** What the browser keeps (the cookie's value) and what a signed-in page needs. */
export type SignInResult = {
  sessionToken: string;
  csrfToken: string;
  isSecondFactorRequired: boolean;
  expiresAt: string;
};

export type AuthenticatedSession = { user: StaffUser; session: StaffSession };

const wrongCredentials = 'wrong email or password';

export class SignInService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly transaction: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly newId: () => string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async signIn(request: SignInRequest): Promise<SignInResult> {
    // Not normaliseEmail: a malformed address is just an unknown one here, answered like any other.
    const email = request.email.trim().toLowerCase().slice(0, 320);
    const keys = { account: accountThrottleKey(email), ip: `ip:${request.ip}` };
    const now = this.clock();
    const counted = await this.countAttempt(keys, now);
    const credentials = await this.transaction((repositories) => repositories.staff.findCredentials(email), {
      isReadOnly: true,
    });
    // The same argon2 work whether the account exists or not, so timing tells nothing either.
    const isMatch =
      request.password.length <= maxPasswordLength &&
      (await this.hasher.verify(credentials?.passwordHash ?? (await this.dummyPasswordHash()), request.password));
    const user = credentials?.user;
    if (!isMatch || !user || user.disabledAt) {
      await this.recordFailure(keys, counted.account, email, request.ip);
      throw new UnauthenticatedError(wrongCredentials);
    }
    return this.transaction(async (repositories) => {
      await repositories.signInThrottles.clear(keys.account);
      const signedInAt = this.clock();
      const sessionToken = randomToken();
      const session: StaffSession = {
        idHash: hashSessionToken(sessionToken),
        publicId: this.newId(),
        userId: user.id,
        csrfToken: randomToken(),
        isSecondFactorPending: user.hasSecondFactor,
        ip: request.ip,
        userAgent: request.userAgent.slice(0, 300),
        createdAt: signedInAt.toISOString(),
        lastSeenAt: signedInAt.toISOString(),
        expiresAt: new Date(signedInAt.getTime() + sessionLimits.absoluteSeconds * 1000).toISOString(),
      };
      await repositories.staffSessions.insert(session);
      await repositories.auditEvents.append({
        at: session.createdAt,
        actor: staffActor(user, request.ip),
        action: user.hasSecondFactor ? 'session.password-accepted' : 'session.sign-in',
        subjectType: 'staff_user',
        subjectId: user.id,
        details: {},
      });
      return {
        sessionToken,
        csrfToken: session.csrfToken,
        isSecondFactorRequired: session.isSecondFactorPending,
        expiresAt: session.expiresAt,
      };
    });
  }

  /**
   * The second step for an account with a second factor: a current authenticator code (each good once) or an
   * unused recovery code completes the session `pendingToken` began, under a new id. Wrong codes count against
   * the account and the IP address like wrong passwords.
   */
  async completeSecondFactor(pendingToken: string, code: string, ip: string): Promise<SignInResult> {
    const now = this.clock();
    const pending = await this.transaction((repositories) =>
      repositories.staffSessions.findWithUser(hashSessionToken(pendingToken)),
    );
    const startedAt = pending ? Date.parse(pending.session.createdAt) : 0;
    if (
      !pending?.session.isSecondFactorPending ||
      pending.user.disabledAt ||
      now.getTime() - startedAt > sessionLimits.secondFactorSeconds * 1000
    ) {
      throw new UnauthenticatedError('sign in with your password first');
    }
    const { user, session } = pending;
    const keys = { account: accountThrottleKey(user.email), ip: `ip:${ip}` };
    const counted = await this.countAttempt(keys, now);
    const accepted = await this.transaction(async (repositories) => {
      const factor = await repositories.staff.findSecondFactor(user.id);
      if (!factor?.secret || !factor.isConfirmed) return undefined;
      const step = matchTotpStep(factor.secret, code, now);
      if (step !== undefined) return (await repositories.staff.useSecondFactorStep(user.id, step)) ? 'totp' : undefined;
      if (!looksLikeRecoveryCode(code)) return undefined;
      const isUsed = await repositories.staff.useRecoveryCode(user.id, hashRecoveryCode(code), now.toISOString());
      return isUsed ? 'recovery-code' : undefined;
    });
    if (!accepted) {
      await this.recordFailure(keys, counted.account, user.email, ip);
      throw new UnauthenticatedError('wrong code');
    }
    return this.transaction(async (repositories) => {
      const sessionToken = randomToken();
      if (
        !(await repositories.staffSessions.completeSecondFactor(
          session.idHash,
          hashSessionToken(sessionToken),
          now.toISOString(),
        ))
      ) {
        throw new UnauthenticatedError('sign in with your password first');
      }
      await repositories.signInThrottles.clear(keys.account);
      await repositories.auditEvents.append({
        at: now.toISOString(),
        actor: staffActor(user, ip),
        action: 'session.sign-in',
        subjectType: 'staff_user',
        subjectId: user.id,
        details: { second_factor: accepted },
      });
      return {
        sessionToken,
        csrfToken: session.csrfToken,
        isSecondFactorRequired: false,
        expiresAt: session.expiresAt,
      };
    });
  }

  /** The signed-in account behind `sessionToken`, or undefined (none, revoked, expired, disabled, or half-way). */
  async authenticate(sessionToken: string): Promise<AuthenticatedSession | undefined> {
    const idHash = hashSessionToken(sessionToken);
    const now = this.clock();
    // Read-only, so a signed-in editor is answered even while another process holds SQLite's write lock.
    const found = await this.transaction((repositories) => repositories.staffSessions.findWithUser(idHash), {
      isReadOnly: true,
    });
    if (!found || found.user.disabledAt || found.session.isSecondFactorPending) return undefined;
    const idleSeconds = (now.getTime() - Date.parse(found.session.lastSeenAt)) / 1000;
    if (idleSeconds > sessionLimits.idleSeconds || now.toISOString() >= found.session.expiresAt) return undefined;
    if (idleSeconds > sessionLimits.touchEverySeconds) {
      // Not awaited: the request need not wait for it, and a touch lost to a busy database only brings the idle
      // expiry a minute closer.
      this.transaction((repositories) => repositories.staffSessions.touch(idHash, now.toISOString())).catch(() => {});
    }
    return found;
  }

  /** Ends the session behind `sessionToken`; signing out twice is not an error. */
  async signOut(sessionToken: string, actor: AuditActor): Promise<void> {
    const now = this.clock().toISOString();
    await this.transaction(async (repositories) => {
      const found = await repositories.staffSessions.findWithUser(hashSessionToken(sessionToken));
      if (!found || !(await repositories.staffSessions.revoke(found.session.idHash, now))) return;
      await repositories.auditEvents.append({
        at: now,
        actor,
        action: 'session.sign-out',
        subjectType: 'staff_user',
        subjectId: found.user.id,
        details: {},
      });
    });
  }

  /** The account's sessions still open, newest first. */
  async listSessions(userId: string): Promise<StaffSession[]> {
    const now = this.clock();
    const sessions = await this.transaction(
      (repositories) => repositories.staffSessions.listLiveOf(userId, now.toISOString()),
      { isReadOnly: true },
    );
    return sessions.filter(
      (session) =>
        !session.isSecondFactorPending &&
        now.getTime() - Date.parse(session.lastSeenAt) <= sessionLimits.idleSeconds * 1000,
    );
  }

  /**
   * Ends the session called `publicId`: one of `actor`'s own, or anyone's when `mayRevokeAny` (an owner).
   * Another's session is answered like one that does not exist.
   */
  async revokeSession(publicId: string, actor: { user: StaffUser; ip: string }, mayRevokeAny: boolean): Promise<void> {
    const now = this.clock().toISOString();
    await this.transaction(async (repositories) => {
      const scope = mayRevokeAny ? undefined : actor.user.id;
      if (!(await repositories.staffSessions.revokeByPublicId(publicId, scope, now))) {
        throw new NotFoundError('no such session', { field: 'id' });
      }
      await repositories.auditEvents.append({
        at: now,
        actor: staffActor(actor.user, actor.ip),
        action: 'session.revoke',
        subjectType: 'staff_session',
        subjectId: publicId,
        details: {},
      });
    });
  }

  /** "Log out everywhere": every session of the account ends; returns how many there were. */
  async signOutEverywhere(userId: string, actor: AuditActor): Promise<number> {
    const now = this.clock().toISOString();
    return this.transaction(async (repositories) => {
      const revoked = await repositories.staffSessions.revokeAllOf(userId, now);
      await repositories.auditEvents.append({
        at: now,
        actor,
        action: 'session.sign-out-everywhere',
        subjectType: 'staff_user',
        subjectId: userId,
        details: { revoked },
      });
      return revoked;
    });
  }

  /**
   * Counts the attempt on both keys first (atomically, so parallel guesses on several processes all count), then
   * refuses it if the failures before it call for a wait, or the account is locked; a refused attempt is
   * taken back, since it was never judged.
   */
  private async countAttempt(keys: { account: string; ip: string }, now: Date) {
    const forgetBefore = new Date(now.getTime() - signInLimits.forgetAfterSeconds * 1000).toISOString();
    return this.transaction(async (repositories) => {
      const throttles = repositories.signInThrottles;
      const account = await throttles.countAttempt(keys.account, now.toISOString(), forgetBefore);
      const ip = await throttles.countAttempt(keys.ip, now.toISOString(), forgetBefore);
      const before = (record: ThrottleRecord) => ({
        failures: record.failures - 1,
        lastFailureAt: record.lastFailureAt,
      });
      const wait = Math.max(
        secondsToWait(before(account), signInLimits.accountFreeFailures, now),
        secondsToWait(before(ip), signInLimits.ipFreeFailures, now),
      );
      if (account.lockedAt || wait > 0) {
        await throttles.uncountAttempt(keys.account);
        await throttles.uncountAttempt(keys.ip);
        throw account.lockedAt
          ? new TooManyAttemptsError('too many failed sign-ins: this account is locked until an owner unlocks it', {
              isLocked: true,
            })
          : new TooManyAttemptsError(`too many failed sign-ins: try again in ${wait} seconds`, {
              retryAfterSeconds: wait,
            });
      }
      return { account, ip };
    });
  }

  private async recordFailure(
    keys: { account: string; ip: string },
    account: ThrottleRecord,
    email: string,
    ip: string,
  ) {
    const now = this.clock().toISOString();
    await this.transaction(async (repositories) => {
      await repositories.signInThrottles.markFailed(keys.account, now);
      await repositories.signInThrottles.markFailed(keys.ip, now);
      if (account.failures >= signInLimits.accountLockFailures)
        await repositories.signInThrottles.lock(keys.account, now);
      await repositories.auditEvents.append({
        at: now,
        actor: { kind: 'anonymous', label: email, ip },
        action: 'session.sign-in-failed',
        subjectType: 'staff_user',
        subjectId: null,
        details: {},
      });
    });
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomToken());
    return this.dummyHash;
  }
}

/** The key failed sign-ins for an address are counted under. */
export function accountThrottleKey(email: string): string {
  return `account:${email}`;
}

/** The hash a session is stored under: SHA-256 is enough for 256 random bits (nothing to guess or stretch). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
