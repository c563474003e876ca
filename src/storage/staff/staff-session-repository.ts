// Staff sessions, found by the hash of the id a browser holds, with the account they belong to.
import type { StaffUser } from '../../domain/staff/staff-user.ts';
import type { Db } from '../database.ts';
import type { StaffSessionRow } from '../database-schema.ts';
import { StaffRepository } from './staff-repository.ts';

export type StaffSession = {
  idHash: string;
  publicId: string;
  userId: string;
  csrfToken: string;
  isSecondFactorPending: boolean;
  ip: string | null;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

export class StaffSessionRepository {
  constructor(private readonly db: Db) {}

  async insert(session: StaffSession): Promise<void> {
    await this.db
      .insertInto('staff_sessions')
      .values({
        id_hash: session.idHash,
        public_id: session.publicId,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        second_factor_pending: session.isSecondFactorPending ? 1 : 0,
        ip: session.ip,
        user_agent: session.userAgent,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  /** The session (not revoked) and its account, whatever their state (pending too): the service judges them. */
  async findWithUser(idHash: string): Promise<{ session: StaffSession; user: StaffUser } | undefined> {
    const row = await this.db
      .selectFrom('staff_sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const user = await new StaffRepository(this.db).findById(row.user_id);
    return user && { session: toSession(row), user };
  }

  async touch(idHash: string, now: string): Promise<void> {
    await this.db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }

  /**
   * The second factor was given: the session opens now, under a new id (so an id seen before this point, by
   * whoever could see it, is worth nothing). False when the session was not pending any more.
   */
  async completeSecondFactor(idHash: string, newIdHash: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_sessions')
      .set({ id_hash: newIdHash, second_factor_pending: 0, last_seen_at: now })
      .where('id_hash', '=', idHash)
      .where('second_factor_pending', '=', 1)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Whether there was such a live session to revoke. */
  async revoke(idHash: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_sessions')
      .set({ revoked_at: now })
      .where('id_hash', '=', idHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes the live session called `publicId`, if it belongs to `userId` (or to anyone, when userId is undefined). */
  async revokeByPublicId(publicId: string, userId: string | undefined, now: string): Promise<boolean> {
    let query = this.db
      .updateTable('staff_sessions')
      .set({ revoked_at: now })
      .where('public_id', '=', publicId)
      .where('revoked_at', 'is', null);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every session of the account; returns how many were not yet revoked. */
  async revokeAllOf(userId: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('staff_sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The account's sessions not revoked nor past their absolute end, newest first. */
  async listLiveOf(userId: string, now: string): Promise<StaffSession[]> {
    const rows = await this.db
      .selectFrom('staff_sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toSession);
  }
}

function toSession(row: StaffSessionRow): StaffSession {
  return {
    idHash: row.id_hash,
    publicId: row.public_id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    isSecondFactorPending: row.second_factor_pending === 1,
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}
