// What a route declares about access. Every route under /api and /git declares either a Cedar action
// with the resource it acts on, or `public`. The kernel refuses to start a route that declares neither.
import type { FastifyRequest } from 'fastify';
import type { ResourceDescriptor } from '../authz/authorizer.js';

export interface RouteAccess {
  /** The Cedar action, e.g. `iam:GetUser`. */
  action: string;
  /**
   * The resource the action is on, built from the request (params, query). It may load the resource
   * to learn its owner; whatever it returns as `loaded` is handed to the handler as `request.loaded`,
   * so the handler does not read the same row twice. Throw NotFoundError when it does not exist.
   */
  resource: (request: FastifyRequest) => ResourceDescriptor | Promise<ResourceDescriptor & { loaded?: unknown }>;
  /** Reads answer 404 when denied (nothing is revealed), writes 403. Defaults from the HTTP method. */
  kind?: 'read' | 'write';
}

export type RouteAuth = RouteAccess | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** Creates that honour `Idempotency-Key`. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    principal?: import('./context.js').Principal;
    /** What the route's resource loader read, if anything. */
    loaded?: unknown;
  }
}

/** The platform singleton: the resource of collection-level actions. */
export const platformResource: ResourceDescriptor = { type: 'Platform', id: 'paved' };

export function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}
