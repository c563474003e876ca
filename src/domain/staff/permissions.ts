// The one permission table of the back office: what each role may do. Every Admin API route declares the
// action it performs and is checked against this table before its handler runs; nothing else decides access.
import { ForbiddenError } from '../errors.ts';
import type { StaffRole } from './staff-user.ts';

export const staffActions = [
  'articles.read',
  'articles.create',
  'articles.edit',
  'articles.submit',
  'articles.review',
  'articles.publish',
  'articles.archive',
  'articles.correct',
  'articles.comment',
  'authors.manage',
  'sections.manage',
  'tags.manage',
  'redirects.manage',
  'homepage.curate',
  'settings.edit',
  'media.upload',
  'media.edit',
  'staff.manage',
  'sessions.revoke-any',
  'audit.read',
] as const;
export type StaffAction = (typeof staffActions)[number];

/** `any`: on everything; `own`: only on what the user wrote (an article they created or sign). */
export type Reach = 'any' | 'own';

type Grants = Partial<Record<StaffAction, Reach>>;

const contributor: Grants = {
  'articles.read': 'own',
  'articles.create': 'any',
  'articles.edit': 'own',
  'articles.submit': 'own',
  'articles.comment': 'own',
  'media.upload': 'any',
  'media.edit': 'own',
};

// An author publishes and corrects their own work; what others are writing stays theirs (an embargoed
// investigation is read by its authors and the editors, not by the whole newsroom).
const author: Grants = {
  ...contributor,
  'articles.publish': 'own',
  'articles.archive': 'own',
  'articles.correct': 'own',
};

const editor: Grants = {
  'articles.read': 'any',
  'articles.create': 'any',
  'articles.edit': 'any',
  'articles.submit': 'any',
  'articles.review': 'any',
  'articles.publish': 'any',
  'articles.archive': 'any',
  'articles.correct': 'any',
  'articles.comment': 'any',
  'authors.manage': 'any',
  'sections.manage': 'any',
  'tags.manage': 'any',
  'redirects.manage': 'any',
  'homepage.curate': 'any',
  'settings.edit': 'any',
  'media.upload': 'any',
  'media.edit': 'any',
};

const owner: Grants = Object.fromEntries(staffActions.map((action) => [action, 'any']));

const permissionTable: Readonly<Record<StaffRole, Grants>> = { owner, editor, author, contributor };

/** How far `role` may perform `action`, or undefined when it may not at all. */
export function reachOf(role: StaffRole, action: StaffAction): Reach | undefined {
  return permissionTable[role][action];
}

/**
 * Whether `role` may perform `action` on a target; `isOwn` says whether the target is the user's own work.
 * Left out (a list, a creation), `own` reach is enough: the caller then narrows what it shows to the user's own.
 */
export function isAllowed(role: StaffRole, action: StaffAction, target?: { isOwn: boolean }): boolean {
  const reach = reachOf(role, action);
  if (reach === undefined) return false;
  return reach === 'any' || target === undefined || target.isOwn;
}

export function assertAllowed(role: StaffRole, action: StaffAction, target?: { isOwn: boolean }): void {
  if (!isAllowed(role, action, target)) {
    throw new ForbiddenError(
      `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may not ${describeAction(action)}${target ? ' here' : ''}`,
      { action, role },
    );
  }
}

function describeAction(action: StaffAction): string {
  const [resource, verb] = action.split('.') as [string, string];
  return `${verb} ${resource}`;
}
