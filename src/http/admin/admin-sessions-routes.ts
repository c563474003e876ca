// A staff user's open sessions: list them, end one ("that laptop at the airport"), or all of them ("log out
// everywhere"). An owner may end anyone's session by its id.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validateWith } from '../../domain/schema-validation.ts';
import { staffActor } from '../../domain/staff/audit-event.ts';
import { isAllowed } from '../../domain/staff/permissions.ts';
import type { SignInService } from '../../services/staff/sign-in-service.ts';
import { clearSessionCookie } from './admin-access.ts';

const sessionParams = z.strictObject({ id: z.string().max(64, 'must be at most 64 characters') });

export function registerAdminSessionsRoutes(
  app: FastifyInstance,
  options: { signIn: SignInService; cookieName: string },
): void {
  const { signIn, cookieName } = options;

  app.get('/sessions', { config: { access: 'signed-in' } }, async (request) => {
    const { user, session: current } = request.staff!;
    const sessions = await signIn.listSessions(user.id);
    return {
      sessions: sessions.map((session) => ({
        id: session.publicId,
        is_current: session.publicId === current.publicId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
        ip: session.ip,
        user_agent: session.userAgent,
      })),
    };
  });

  app.delete('/sessions/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { id } = validateWith(sessionParams, request.params, 'path');
    const { user, session: current } = request.staff!;
    await signIn.revokeSession(id, { user, ip: request.ip }, isAllowed(user.role, 'sessions.revoke-any'));
    if (id === current.publicId) clearSessionCookie(reply, cookieName);
    return reply.code(204).send();
  });

  app.post('/sessions/revoke-all', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { user } = request.staff!;
    const revoked = await signIn.signOutEverywhere(user.id, staffActor(user, request.ip));
    clearSessionCookie(reply, cookieName);
    return reply.send({ revoked });
  });
}
