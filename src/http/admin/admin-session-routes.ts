// Sign-in and sign-out, as DESIGN.md's contract says: POST /session with {email, password} sets the session
// cookie (or asks for the second factor), GET /session says who is signed in and gives the CSRF token, DELETE
// /session signs out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TooManyAttemptsError } from '../../domain/errors.ts';
import { validateWith } from '../../domain/schema-validation.ts';
import type { StaffUser } from '../../domain/staff/staff-user.ts';
import type { SignInService } from '../../services/staff/sign-in-service.ts';
import { clearSessionCookie } from './admin-access.ts';

const signInSchema = z.strictObject({
  email: z.string().max(320, 'must be at most 320 characters'),
  password: z.string().max(1024, 'must be at most 1024 characters'),
});

export type AdminSessionRouteOptions = { signIn: SignInService; cookieName: string; isHttps: boolean };

export function registerAdminSessionRoutes(app: FastifyInstance, options: AdminSessionRouteOptions): void {
  const { signIn, cookieName } = options;

  app.post('/session', { config: { access: 'public' } }, async (request, reply) => {
    const { email, password } = validateWith(signInSchema, request.body, 'body');
    try {
      const result = await signIn.signIn({ email, password, ip: request.ip, userAgent: userAgentOf(request) });
      reply.setCookie(cookieName, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.isHttps,
        expires: new Date(result.expiresAt),
      });
      if (result.isSecondFactorRequired) return noStore(reply).send({ second_factor_required: true });
      const staff = await signIn.authenticate(result.sessionToken);
      return noStore(reply).send({
        second_factor_required: false,
        csrf_token: result.csrfToken,
        expires_at: result.expiresAt,
        user: staff && userJson(staff.user),
      });
    } catch (error) {
      if (error instanceof TooManyAttemptsError && typeof error.details.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(error.details.retryAfterSeconds));
      }
      throw error;
    }
  });

  app.get('/session', { config: { access: 'signed-in' } }, async (request, reply) => {
    const staff = request.staff!;
    return noStore(reply).send({
      user: userJson(staff.user),
      csrf_token: staff.session.csrfToken,
      expires_at: staff.session.expiresAt,
    });
  });

  app.delete('/session', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { user } = request.staff!;
    await signIn.signOut(request.cookies[cookieName]!, {
      kind: 'staff',
      id: user.id,
      label: user.email,
      ip: request.ip,
    });
    clearSessionCookie(reply, cookieName);
    return noStore(reply).code(204).send();
  });
}

function userJson(user: StaffUser) {
  return { id: user.id, email: user.email, display_name: user.displayName, role: user.role };
}

function userAgentOf(request: FastifyRequest): string {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' ? agent : '';
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
