// Typed errors shared by every capability, the HTTP layer and the CLI.
// Services throw these; one HTTP error handler maps them to problem+json and one CLI handler to exit codes.

export interface ErrorDetail {
  /** Where the problem is: a field path (`spec.owner`), a file with line (`a.yaml:12`), or a header name. */
  path?: string;
  message: string;
}

export abstract class PavedError extends Error {
  /** Stable machine-readable code, part of the API contract (`invalid_input`, `not_found`, …). */
  abstract readonly code: string;
  /** HTTP status this error maps to. */
  abstract readonly status: number;
  readonly details: ErrorDetail[];

  constructor(message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class InputError extends PavedError {
  readonly code: string = 'invalid_input';
  readonly status: number = 400;
}

export class AuthenticationError extends PavedError {
  readonly code = 'unauthenticated';
  readonly status = 401;
}

export class NotAllowedError extends PavedError {
  readonly code = 'forbidden';
  readonly status = 403;
}

export class NotFoundError extends PavedError {
  readonly code = 'not_found';
  readonly status = 404;
}

export class ConflictError extends PavedError {
  readonly code: string = 'conflict';
  readonly status: number = 409;
}

export class PreconditionFailedError extends PavedError {
  readonly code = 'precondition_failed';
  readonly status = 412;
}

export class PayloadTooLargeError extends PavedError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class TooManyRequestsError extends PavedError {
  readonly code = 'rate_limited';
  readonly status = 429;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** A wrong command line: unknown flag, missing argument. The CLI exits with code 2. */
export class UsageError extends PavedError {
  readonly code = 'usage';
  readonly status = 400;
}

/** Something outside Paved failed (a peer, the disk). Maps to 503 so clients may retry. */
export class UnavailableError extends PavedError {
  readonly code = 'unavailable';
  readonly status = 503;
}

export function isPavedError(error: unknown): error is PavedError {
  return error instanceof PavedError;
}
