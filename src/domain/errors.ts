// The few error kinds the domain raises; http/ maps them to statuses and localised messages.

/** One reason an input was refused, naming its field by path (`authors.0.slug`). */
export type FieldProblem = { field: string; message: string };

export type ErrorDetails = { field?: string; line?: number; problems?: FieldProblem[]; [key: string]: unknown };

export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details: ErrorDetails;

  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/** The request names nobody we know: no session, an expired one, or a wrong email or password. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

/** Too many attempts: try again after `details.retryAfterSeconds`. */
export class TooManyAttemptsError extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS';
}

/** A resource the operation needs (the database, say) is away for now; trying again later may work. */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE';
}
