// Staff accounts: rows of staff_users and their recovery codes. Password and TOTP secrets stay in here and
// in the service that checks them; the StaffUser the rest of the code sees carries neither.
import { isStaffRole, type StaffRole, type StaffUser } from '../../domain/staff/staff-user.ts';
import type { Db } from '../database.ts';
import type { StaffUserRow } from '../database-schema.ts';

export type NewStaffUser = {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  authorId: string | null;
  createdAt: string;
};

export class StaffRepository {
  constructor(private readonly db: Db) {}

  async insert(user: NewStaffUser): Promise<void> {
    await this.db
      .insertInto('staff_users')
      .values({
        id: user.id,
        email: user.email,
        display_name: user.displayName,
        role: user.role,
        password_hash: user.passwordHash,
        author_id: user.authorId,
        created_at: user.createdAt,
        updated_at: user.createdAt,
      })
      .execute();
  }

  async findByEmail(email: string): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && toStaffUser(row);
  }

  /** The account and its password hash, for checking a sign-in (and only for that). */
  async findCredentials(email: string): Promise<{ user: StaffUser; passwordHash: string } | undefined> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && { user: toStaffUser(row), passwordHash: row.password_hash };
  }

  async findById(id: string): Promise<StaffUser | undefined> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStaffUser(row);
  }

  /** Every account, oldest first (the order they were created in). */
  async list(): Promise<StaffUser[]> {
    const rows = await this.db.selectFrom('staff_users').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toStaffUser);
  }

  async countActiveOwners(): Promise<number> {
    const row = await this.db
      .selectFrom('staff_users')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('role', '=', 'owner')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async setDisabledAt(id: string, disabledAt: string | null, now: string): Promise<void> {
    await this.db
      .updateTable('staff_users')
      .set({ disabled_at: disabledAt, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** The TOTP secret (confirmed or being set up) and the last step accepted; for the second-factor check only. */
  async findSecondFactor(
    id: string,
  ): Promise<{ secret: string | null; isConfirmed: boolean; lastStep: number | null } | undefined> {
    const row = await this.db
      .selectFrom('staff_users')
      .select(['totp_secret', 'totp_confirmed_at', 'totp_last_step'])
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      row && { secret: row.totp_secret, isConfirmed: row.totp_confirmed_at !== null, lastStep: row.totp_last_step }
    );
  }

  /** Starts setting up a second factor: the secret waits, unconfirmed, for a first good code. */
  async setPendingSecondFactor(id: string, secret: string, now: string): Promise<void> {
    await this.db
      .updateTable('staff_users')
      .set({ totp_secret: secret, totp_confirmed_at: null, totp_last_step: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async confirmSecondFactor(id: string, step: number, recoveryCodeHashes: string[], now: string): Promise<void> {
    await this.db
      .updateTable('staff_users')
      .set({ totp_confirmed_at: now, totp_last_step: step, updated_at: now })
      .where('id', '=', id)
      .execute();
    await this.db.deleteFrom('staff_recovery_codes').where('user_id', '=', id).execute();
    await this.db
      .insertInto('staff_recovery_codes')
      .values(recoveryCodeHashes.map((code_hash) => ({ user_id: id, code_hash, used_at: null })))
      .execute();
  }

  /**
   * Records that the code of `step` was used, only if no code of that step or a later one was: false when the
   * code was already spent (two requests racing with one code get one true).
   */
  async useSecondFactorStep(id: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Spends a recovery code by its hash: false when it is not one of the account's unused codes. */
  async useRecoveryCode(id: string, codeHash: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', id)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async countUnusedRecoveryCodes(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('staff_recovery_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('user_id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Forgets the second factor and every recovery code: the account signs in with its password alone again. */
  async clearSecondFactor(id: string, now: string): Promise<void> {
    await this.db.deleteFrom('staff_recovery_codes').where('user_id', '=', id).execute();
    await this.db
      .updateTable('staff_users')
      .set({ totp_secret: null, totp_confirmed_at: null, totp_last_step: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }
}

function toStaffUser(row: StaffUserRow): StaffUser {
  // The table's CHECK admits only the four roles; anything else is a database edited by hand.
  if (!isStaffRole(row.role)) throw new Error(`staff user ${row.id} has an unknown role "${row.role}"`);
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    authorId: row.author_id,
    hasSecondFactor: row.totp_confirmed_at !== null,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
