// Identity and access as a kernel capability: services, routes and the authenticator the access hooks use.
import type { Kernel } from '../kernel/kernel.js';
import { CachingAuthenticator } from './authenticator.js';
import { PolicyService } from './policies.js';
import { registerIamRoutes } from './routes.js';
import { IdentityService } from './service.js';
import { SessionService } from './sessions.js';

export interface Iam {
  authenticator: CachingAuthenticator;
  identity: IdentityService;
  sessions: SessionService;
  policies: PolicyService;
}

/** Built before the routes, because the access hooks need the authenticator. */
export function createIam(kernel: Pick<Kernel, 'db' | 'audit' | 'authz' | 'change'>): Iam {
  const authenticator = new CachingAuthenticator(kernel.db);
  const identity = new IdentityService(kernel.db, kernel.change, () => authenticator.clear());
  const sessions = new SessionService(kernel.db, kernel.audit, authenticator);
  const policies = new PolicyService(kernel.db, kernel.authz, kernel.change);
  return { authenticator, identity, sessions, policies };
}

export function registerIam(kernel: Kernel, iam: Iam): void {
  registerIamRoutes(kernel.app, { db: kernel.db, ...iam });
  kernel.services.set('identity', iam.identity);
  // Other replicas may change policies; pick their edits up within a few seconds.
  let timer: NodeJS.Timeout | undefined;
  kernel.onStart(() => {
    timer = setInterval(() => void iam.policies.reload().catch((err) => kernel.logger.warn({ err }, 'policy reload failed')), 3_000);
    timer.unref();
  });
  kernel.onStop(() => clearInterval(timer));
}
