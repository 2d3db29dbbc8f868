// The kernel's access hooks, in the order Fastify runs them:
//   onRequest      authenticate (bearer token or session cookie); 401 when a non-public route has none
//   preValidation  check CSRF for cookie-authenticated writes, then ask Cedar; 404/403 when denied
// Both run before body validation, so an unauthorised caller learns nothing from validation errors.
// Denials are written to the audit log.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/audit-log.js';
import type { Authorizer } from '../authz/authorizer.js';
import { AuthenticationError, NotAllowedError, NotFoundError } from '../errors.js';
import { actorName, principalEntityType, type Principal, type RequestContext } from './context.js';
import { isReadMethod, type RouteAccess } from './route-auth.js';

export interface Authenticator {
  /** Resolves `Authorization: Bearer …` (or basic auth with the token as password). */
  fromToken(token: string): Promise<Principal | undefined>;
  /** Resolves the portal's session cookie. */
  fromSession(sessionId: string): Promise<Principal | undefined>;
}

export const SESSION_COOKIE = 'paved_session';
export const CSRF_HEADER = 'x-csrf-token';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme!.toLowerCase() === 'bearer') return value.trim();
  if (scheme!.toLowerCase() === 'basic') {
    // git and npm clients send the token as the basic-auth password.
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

export function sessionCookie(request: FastifyRequest): string | undefined {
  const cookie = request.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function requestContext(request: FastifyRequest): RequestContext {
  if (!request.principal) throw new AuthenticationError('sign in first');
  return { principal: request.principal, requestId: request.id, sourceIp: request.ip ?? null };
}

export interface SecurityOptions {
  authenticator: Authenticator;
  authorizer: Authorizer;
  audit: AuditLog;
  /** Off only in the benchmark's baseline run, to measure what authorisation costs. */
  enabled?: boolean;
}

export function installSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const { authenticator, authorizer, audit } = options;
  const enabled = options.enabled ?? true;

  app.addHook('onRequest', async (request) => {
    if (!enabled) return;
    const auth = request.routeOptions.config?.auth;
    const token = bearerToken(request);
    if (token) {
      request.principal = await authenticator.fromToken(token);
      if (!request.principal && auth !== 'public') throw new AuthenticationError('the token is invalid, expired or revoked');
    } else {
      const session = sessionCookie(request);
      if (session) request.principal = await authenticator.fromSession(session);
    }
    if (auth === 'public' || auth === undefined) return;
    if (!request.principal) throw new AuthenticationError('sign in or send an API token (Authorization: Bearer …)');
  });

  app.addHook('preValidation', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (!enabled || auth === 'public' || auth === undefined) return;
    const principal = request.principal!;
    const access = auth as RouteAccess;
    const read = (access.kind ?? (isReadMethod(request.method) ? 'read' : 'write')) === 'read';
    if (principal.via === 'session' && !isReadMethod(request.method) && request.headers[CSRF_HEADER] !== principal.csrfToken) {
      throw new NotAllowedError(`cookie-authenticated writes must send the ${CSRF_HEADER} header from sign-in`);
    }
    const resource = await access.resource(request);
    if ('loaded' in resource) request.loaded = (resource as { loaded?: unknown }).loaded;
    const decision = authorizer.isAuthorized(
      { type: principalEntityType(principal), id: principal.id, name: principal.name, groups: principal.groups },
      access.action,
      resource,
    );
    if (decision.allowed) return;
    await audit.append({
      actor: actorName(principal),
      action: access.action,
      resource: `${resource.type}:${resource.id}`,
      outcome: 'denied',
      requestId: request.id,
      sourceIp: request.ip,
      details: decision.errors.length ? { errors: decision.errors } : {},
    });
    if (read) throw new NotFoundError('not found');
    throw new NotAllowedError(`you may not ${access.action} on ${resource.type} ${resource.id}`);
  });
}
