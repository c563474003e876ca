// The one gate of the Admin API: every route declares who may reach it (`config.access`), and this hook checks
// it on the route as Fastify matched it, before the body is even read. A route that declares nothing is
// refused. Writes made with a session cookie must also come from our own origin with the session's CSRF token.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors.ts';
import { isAllowed, type StaffAction } from '../../domain/staff/permissions.ts';
import type { AuthenticatedSession, SignInService } from '../../services/staff/sign-in-service.ts';

/** `public`: anyone (signing in); `signed-in`: any staff user; an action: those the permission table allows. */
export type AdminAccess = 'public' | 'signed-in' | StaffAction;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AdminAccess;
  }
  interface FastifyRequest {
    staff?: AuthenticatedSession;
  }
}

export type AdminAccessOptions = { signIn: SignInService; publicOrigin: string; cookieName: string };

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAdminAccess(app: FastifyInstance, options: AdminAccessOptions): void {
  app.decorateRequest('staff', undefined);
  // A route that forgot to say who may reach it stops the server at start, not at the first request.
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined) {
      throw new Error(`${route.method} ${route.url}: an Admin API route must declare config.access`);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // Unmatched URLs reach the not-found handler, which answers 404 and runs nothing.
    if (request.routeOptions.url === undefined) return;
    if (access === undefined) {
      request.log.error({ url: request.routeOptions.url }, 'admin route declares no access: refused');
      throw new ForbiddenError('this route is closed');
    }
    const isWrite = !safeMethods.has(request.method);
    if (isWrite) assertSameOrigin(request, options.publicOrigin);
    if (access === 'public') return;
    const token = request.cookies[options.cookieName];
    const staff = token ? await options.signIn.authenticate(token) : undefined;
    if (!staff) {
      if (token) clearSessionCookie(reply, options.cookieName);
      throw new UnauthenticatedError('sign in first');
    }
    if (isWrite) assertCsrfToken(request, staff.session.csrfToken);
    if (access !== 'signed-in' && !isAllowed(staff.user.role, access)) {
      throw new ForbiddenError(`a ${staff.user.role} may not do this`, { action: access });
    }
    request.staff = staff;
  });
}

/**
 * A browser always sends Origin on a cross-site write; a script sends neither Origin nor Referer and is not a
 * CSRF vector (it has no victim's cookie to ride on). Any Origin or Referer given must be ours.
 */
function assertSameOrigin(request: FastifyRequest, publicOrigin: string): void {
  const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
  if (origin !== undefined && origin !== publicOrigin) {
    throw new ForbiddenError('the request comes from another site');
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}

function assertCsrfToken(request: FastifyRequest, expected: string): void {
  const given = request.headers['x-csrf-token'];
  const givenBytes = Buffer.from(typeof given === 'string' ? given : '');
  const expectedBytes = Buffer.from(expected);
  if (givenBytes.length !== expectedBytes.length || !timingSafeEqual(givenBytes, expectedBytes)) {
    throw new ForbiddenError('missing or wrong X-CSRF-Token header (GET /api/admin/v1/session gives it)', {
      field: 'X-CSRF-Token',
    });
  }
}

export function clearSessionCookie(reply: FastifyReply, cookieName: string): void {
  reply.clearCookie(cookieName, { path: '/' });
}
