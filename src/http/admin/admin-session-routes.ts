// Sign-in and sign-out, as DESIGN.md's contract says: POST /session with {email, password} sets the session
// cookie (or asks for the second factor, given to POST /session/second-factor), GET /session says who is
// signed in and gives the CSRF token, DELETE /session signs out. A signed-in user sets up a second factor with
// /session/second-factor/setup and /confirm.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TooManyAttemptsError } from '../../domain/errors.ts';
import { validateWith } from '../../domain/schema-validation.ts';
import { staffActor } from '../../domain/staff/audit-event.ts';
import type { StaffUser } from '../../domain/staff/staff-user.ts';
import type { SecondFactorService } from '../../services/staff/second-factor-service.ts';
import type { SignInResult, SignInService } from '../../services/staff/sign-in-service.ts';
import { clearSessionCookie } from './admin-access.ts';

const codeSchema = z.strictObject({ code: z.string().max(40, 'must be at most 40 characters') });

const signInSchema = z.strictObject({
  email: z.string().max(320, 'must be at most 320 characters'),
  password: z.string().max(1024, 'must be at most 1024 characters'),
});

export type AdminSessionRouteOptions = {
  signIn: SignInService;
  secondFactor: SecondFactorService;
  cookieName: string;
  isHttps: boolean;
};

export function registerAdminSessionRoutes(app: FastifyInstance, options: AdminSessionRouteOptions): void {
  const { signIn, cookieName } = options;

  app.post('/session', { config: { access: 'public' } }, async (request, reply) => {
    const { email, password } = validateWith(signInSchema, request.body, 'body');
    try {
      const result = await signIn.signIn({ email, password, ip: request.ip, userAgent: userAgentOf(request) });
      return await sendSignedIn(reply, result);
    } catch (error) {
      throw withRetryAfter(reply, error);
    }
  });

  // The second step of signing in: the pending session's cookie and a code (authenticator or recovery).
  app.post('/session/second-factor', { config: { access: 'public' } }, async (request, reply) => {
    const { code } = validateWith(codeSchema, request.body, 'body');
    const pendingToken = request.cookies[cookieName];
    try {
      return await sendSignedIn(reply, await signIn.completeSecondFactor(pendingToken ?? '', code, request.ip));
    } catch (error) {
      throw withRetryAfter(reply, error);
    }
  });

  app.post('/session/second-factor/setup', { config: { access: 'signed-in' } }, async (request, reply) => {
    const setup = await options.secondFactor.begin(request.staff!.user.id);
    return noStore(reply).send({ secret: setup.secret, uri: setup.uri, qr_code_svg: setup.qrCodeSvg });
  });

  app.post('/session/second-factor/confirm', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { code } = validateWith(codeSchema, request.body, 'body');
    const { user } = request.staff!;
    const recoveryCodes = await options.secondFactor.confirm(user.id, code, staffActor(user, request.ip));
    return noStore(reply).send({ recovery_codes: recoveryCodes });
  });

  async function sendSignedIn(reply: FastifyReply, result: SignInResult): Promise<FastifyReply> {
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
  }

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
    await signIn.signOut(request.cookies[cookieName]!, staffActor(user, request.ip));
    clearSessionCookie(reply, cookieName);
    return noStore(reply).code(204).send();
  });
}

function withRetryAfter(reply: FastifyReply, error: unknown): unknown {
  if (error instanceof TooManyAttemptsError && typeof error.details.retryAfterSeconds === 'number') {
    reply.header('retry-after', String(error.details.retryAfterSeconds));
  }
  return error;
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
