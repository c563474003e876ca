// The Admin API under /api/admin/v1: JSON only, every route behind the access gate (admin-access.ts).
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { SecondFactorService } from '../../services/staff/second-factor-service.ts';
import type { SignInService } from '../../services/staff/sign-in-service.ts';
import { registerAdminAccess } from './admin-access.ts';
import { registerAdminSessionRoutes } from './admin-session-routes.ts';
import { registerAdminSessionsRoutes } from './admin-sessions-routes.ts';

export const adminApiPrefix = '/api/admin/v1';

export type AdminApiOptions = { signIn: SignInService; secondFactor: SecondFactorService; publicUrl: string };

export async function registerAdminApi(app: FastifyInstance, options: AdminApiOptions): Promise<void> {
  const isHttps = options.publicUrl.startsWith('https:');
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and for the whole site.
  const cookieName = isHttps ? '__Host-testata_session' : 'testata_session';
  await app.register(
    async (admin) => {
      await admin.register(fastifyCookie);
      // JSON bodies only (Fastify's own parser, safe against __proto__ keys): an HTML form can send urlencoded,
      // multipart or text/plain from another site, and all of them are 415 here.
      admin.removeContentTypeParser('text/plain');
      admin.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      registerAdminAccess(admin, {
        signIn: options.signIn,
        publicOrigin: new URL(options.publicUrl).origin,
        cookieName,
      });
      registerAdminSessionsRoutes(admin, { signIn: options.signIn, cookieName });
      registerAdminSessionRoutes(admin, {
        signIn: options.signIn,
        secondFactor: options.secondFactor,
        cookieName,
        isHttps,
      });
    },
    { prefix: adminApiPrefix },
  );
}
