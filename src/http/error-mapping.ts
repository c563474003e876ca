// The one place where errors become HTTP statuses and client-safe messages. Nothing unexpected leaks.
import { DomainError } from '../domain/errors.ts';

const statusByCode: Record<string, number> = {
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  TOO_MANY_ATTEMPTS: 429,
  UNAVAILABLE: 503,
};

export type ClientError = { status: number; body: { error: { code: string; message: string; field?: string } } };

export function toClientError(error: unknown): ClientError {
  if (error instanceof DomainError) {
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    return {
      status: statusByCode[error.code] ?? 400,
      body: { error: { code: error.code, message: error.message, ...(field ? { field } : {}) } },
    };
  }
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, body: { error: { code: 'BAD_REQUEST', message: 'The request is malformed.' } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } } };
}

/** Fastify and Node attach `statusCode` to their own client errors (bad JSON, too large, bad URL). */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}
