// The permission table, written out as a newsroom would describe it: every role × every action.
import { describe, expect, test } from 'vitest';
import { ForbiddenError } from '../../../src/domain/errors.ts';
import {
  assertAllowed,
  isAllowed,
  reachOf,
  staffActions,
  type StaffAction,
} from '../../../src/domain/staff/permissions.ts';
import { staffRoles, type StaffRole } from '../../../src/domain/staff/staff-user.ts';

const articleWork: StaffAction[] = ['articles.read', 'articles.edit', 'articles.submit', 'articles.comment'];
const newsroomAdmin: StaffAction[] = [
  'authors.manage',
  'sections.manage',
  'tags.manage',
  'redirects.manage',
  'homepage.curate',
  'settings.edit',
];
const ownerOnly: StaffAction[] = ['staff.manage', 'sessions.revoke-any', 'audit.read'];

/** What each role may do, and how far: the brief's four roles in words, here as data. */
const expected: Record<StaffRole, Partial<Record<StaffAction, 'any' | 'own'>>> = {
  contributor: {
    ...Object.fromEntries(articleWork.map((action) => [action, 'own'])),
    'articles.create': 'any',
    'media.upload': 'any',
    'media.edit': 'own',
  },
  author: {
    ...Object.fromEntries(articleWork.map((action) => [action, 'own'])),
    'articles.create': 'any',
    'articles.publish': 'own',
    'articles.archive': 'own',
    'articles.correct': 'own',
    'media.upload': 'any',
    'media.edit': 'own',
  },
  editor: Object.fromEntries(
    staffActions.filter((action) => !ownerOnly.includes(action)).map((action) => [action, 'any']),
  ),
  owner: Object.fromEntries(staffActions.map((action) => [action, 'any'])),
};

describe('the permission table', () => {
  test.each(staffRoles)('gives a %s exactly its reach on every action', (role) => {
    for (const action of staffActions)
      expect([action, reachOf(role, action)]).toEqual([action, expected[role][action]]);
  });

  test('a contributor never publishes, reviews, archives or corrects, not even its own article', () => {
    for (const action of ['articles.publish', 'articles.review', 'articles.archive', 'articles.correct'] as const) {
      expect(isAllowed('contributor', action, { isOwn: true })).toBe(false);
    }
  });

  test("an author publishes and corrects its own articles, never another's", () => {
    expect(isAllowed('author', 'articles.publish', { isOwn: true })).toBe(true);
    expect(isAllowed('author', 'articles.correct', { isOwn: true })).toBe(true);
    expect(isAllowed('author', 'articles.publish', { isOwn: false })).toBe(false);
    expect(isAllowed('author', 'articles.read', { isOwn: false })).toBe(false);
  });

  test('only an editor or the owner manages sections, tags, authors, redirects, the homepage and settings', () => {
    for (const action of newsroomAdmin) {
      expect(staffRoles.filter((role) => isAllowed(role, action))).toEqual(['owner', 'editor']);
    }
  });

  test('only the owner manages staff, revokes the sessions of others and reads the audit log', () => {
    for (const action of ownerOnly) expect(staffRoles.filter((role) => isAllowed(role, action))).toEqual(['owner']);
  });

  test('without a target, own reach allows (a list narrowed to the own work, a new article)', () => {
    expect(isAllowed('contributor', 'articles.read')).toBe(true);
    expect(isAllowed('contributor', 'articles.create')).toBe(true);
  });

  test('a refusal is a ForbiddenError naming the role and the action', () => {
    expect(() => assertAllowed('author', 'staff.manage')).toThrow(ForbiddenError);
    expect(() => assertAllowed('author', 'articles.publish', { isOwn: false })).toThrow(
      'an author may not publish articles here',
    );
    expect(() => assertAllowed('editor', 'articles.publish', { isOwn: false })).not.toThrow();
  });
});
