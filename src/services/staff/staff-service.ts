// Staff accounts: create, list, disable and enable them, and take away a lost second factor. Every change is
// one transaction with its line in the audit log.
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { AuditActor } from '../../domain/staff/audit-event.ts';
import { assertPasswordAcceptable } from '../../domain/staff/password-policy.ts';
import { normaliseDisplayName, normaliseEmail, parseStaffRole, type StaffUser } from '../../domain/staff/staff-user.ts';
import type { Repositories, TransactionRunner } from '../../storage/repositories.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { accountThrottleKey } from './sign-in-service.ts';

export type NewStaffAccount = {
  email: string;
  role: string;
  password: string;
  displayName?: string | undefined;
  /** The slug of the author whose byline this person writes under. */
  authorSlug?: string | undefined;
};

export class StaffService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly newId: () => string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(account: NewStaffAccount, actor: AuditActor): Promise<StaffUser> {
    const email = normaliseEmail(account.email);
    const role = parseStaffRole(account.role);
    const displayName = normaliseDisplayName(account.displayName, email);
    assertPasswordAcceptable(account.password, email);
    // Hashed before the transaction: the ~70 ms of argon2 must not hold the database's write lock.
    const passwordHash = await this.hasher.hash(account.password);
    return this.transaction(async (repositories) => {
      if (await repositories.staff.findByEmail(email)) {
        throw new ConflictError(`a staff account with the email ${email} already exists`, { field: 'email' });
      }
      const authorId = account.authorSlug ? await findAuthorId(repositories, account.authorSlug) : null;
      const now = this.clock().toISOString();
      const id = this.newId();
      await repositories.staff.insert({ id, email, displayName, role, passwordHash, authorId, createdAt: now });
      await repositories.auditEvents.append({
        at: now,
        actor,
        action: 'staff.create',
        subjectType: 'staff_user',
        subjectId: id,
        details: { email, role, ...(account.authorSlug ? { author: account.authorSlug } : {}) },
      });
      return (await repositories.staff.findById(id))!;
    });
  }

  list(): Promise<StaffUser[]> {
    return this.transaction((repositories) => repositories.staff.list(), { isReadOnly: true });
  }

  /** Disabling the last enabled owner is refused: nobody could manage the staff any more. */
  async disable(emailOfUser: string, actor: AuditActor): Promise<StaffUser> {
    return this.change(emailOfUser, actor, 'staff.disable', async (repositories, user, now) => {
      if (user.disabledAt) return false;
      if (user.role === 'owner' && (await repositories.staff.countActiveOwners()) <= 1) {
        throw new ConflictError(`${user.email} is the only enabled owner: make another owner first`, {
          field: 'email',
        });
      }
      await repositories.staff.setDisabledAt(user.id, now, now);
      // Sessions would be refused anyway; revoked, they stay refused if the account is enabled again.
      await repositories.staffSessions.revokeAllOf(user.id, now);
      return true;
    });
  }

  async enable(emailOfUser: string, actor: AuditActor): Promise<StaffUser> {
    return this.change(emailOfUser, actor, 'staff.enable', async (repositories, user, now) => {
      if (!user.disabledAt) return false;
      await repositories.staff.setDisabledAt(user.id, null, now);
      return true;
    });
  }

  /** For an owner locked out of their second factor: from the shell only, never from the Admin API. */
  async resetSecondFactor(emailOfUser: string, actor: AuditActor): Promise<StaffUser> {
    return this.change(emailOfUser, actor, 'staff.reset-second-factor', async (repositories, user, now) => {
      if (!user.hasSecondFactor) return false;
      await repositories.staff.clearSecondFactor(user.id, now);
      return true;
    });
  }

  /** Lifts the lock that too many failed sign-ins put on the address (and forgets its failures). */
  async unlock(emailOfUser: string, actor: AuditActor): Promise<StaffUser> {
    return this.change(emailOfUser, actor, 'staff.unlock', async (repositories, user) => {
      const key = accountThrottleKey(user.email);
      if (!(await repositories.signInThrottles.find(key))) return false;
      await repositories.signInThrottles.clear(key);
      return true;
    });
  }

  /** Applies `apply` to the account in one transaction and logs it when it changed something. */
  private change(
    emailOfUser: string,
    actor: AuditActor,
    action: string,
    apply: (repositories: Repositories, user: StaffUser, now: string) => Promise<boolean>,
  ): Promise<StaffUser> {
    const email = normaliseEmail(emailOfUser);
    return this.transaction(async (repositories) => {
      const user = await repositories.staff.findByEmail(email);
      if (!user) throw new NotFoundError(`no staff account has the email ${email}`, { field: 'email' });
      const now = this.clock().toISOString();
      if (await apply(repositories, user, now)) {
        await repositories.auditEvents.append({
          at: now,
          actor,
          action,
          subjectType: 'staff_user',
          subjectId: user.id,
          details: { email },
        });
      }
      return (await repositories.staff.findById(user.id))!;
    });
  }
}

async function findAuthorId(repositories: Repositories, slug: string): Promise<string> {
  const author = await repositories.taxonomy.findAuthorBySlug(slug);
  if (!author) throw new ValidationError(`author: no author has the slug "${slug}"`, { field: 'author' });
  return author.id;
}
