// Errors as RFC 9457 problem+json with Paved's stable `code`. This is the only place HTTP errors are
// shaped: services throw typed errors, Fastify's validation errors arrive here too.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isPavedError, TooManyRequestsError, type ErrorDetail } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  errors?: ErrorDetail[];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, requestId: string, errors?: ErrorDetail[]): Problem {
  return {
    type: `https://paved.dev/problems/${code}`,
    title: titles[status] ?? 'Error',
    status,
    code,
    detail,
    instance: `urn:paved:request:${requestId}`,
    ...(errors && errors.length ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}

export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const id = request.id;
  if (isPavedError(error)) {
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem(error.status, error.code, error.message, id, error.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    const errors = error.validation.map((v) => ({
      path: [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return sendProblem(reply, problem(400, 'invalid_input', `the request ${where} is invalid`, id, errors));
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = fe.validation.map((v) => ({ path: `${fe.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`, message: v.message ?? 'invalid' }));
    return sendProblem(reply, problem(400, 'invalid_input', fe.message, id, errors));
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 ? fe.statusCode : 500;
  if (status === 429) {
    return sendProblem(reply, problem(429, 'rate_limited', 'too many requests; retry after the time in Retry-After', id));
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, problem(status, 'internal', `internal error; quote request id ${id} to your administrator`, id));
  }
  // Fastify's own client errors: malformed JSON, wrong content type, body too large.
  const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_input';
  return sendProblem(reply, problem(status, code, fe.message, id));
}
