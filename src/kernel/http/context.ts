// Who is asking, from where: the request context services receive instead of an HTTP request.
import type { CedarValue } from '../authz/authorizer.js';

export interface Principal {
  type: 'user' | 'service';
  id: string;
  name: string;
  /** Every group the principal is in, directly or through nested groups (group ids). */
  groups: string[];
  /** How the request authenticated: a bearer token or a portal session cookie. */
  via: 'token' | 'session';
  tokenId?: string;
  /** For session-authenticated requests: the CSRF token cookie-authenticated writes must echo. */
  csrfToken?: string;
}

export interface RequestContext {
  principal: Principal;
  requestId: string;
  sourceIp: string | null;
}

/** The audit log's name for a principal: `user:alice`, `service:ci-bot`. */
export function actorName(principal: Pick<Principal, 'type' | 'name'> | undefined): string {
  return principal ? `${principal.type}:${principal.name}` : 'anonymous';
}

/** The Cedar entity type of a principal. */
export function principalEntityType(principal: Pick<Principal, 'type'>): 'User' | 'ServiceAccount' {
  return principal.type === 'user' ? 'User' : 'ServiceAccount';
}

export type { CedarValue };
