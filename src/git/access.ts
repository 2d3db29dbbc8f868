// Access to repositories: the Cedar declarations and the check the git protocol routes make themselves.
//
// Why the git protocol routes are `public` and decide here: the kernel refuses anonymous requests to
// non-public routes before anything can look at the repository, but a public repository must be
// cloneable anonymously. So /git routes let every request in, load the repository, and then apply the
// same rules as the kernel: Cedar decides for signed-in principals, denials are audited, a missing or
// unreadable repository answers 404, a readable one that may not be written answers 403. Anonymous
// callers may read public repositories and get 401 with a Basic challenge everywhere else (git asks
// for credentials only after a 401 with `WWW-Authenticate`).
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../kernel/audit/audit-log.js';
import type { Authorizer, ResourceDescriptor } from '../kernel/authz/authorizer.js';
import { AuthenticationError, NotAllowedError, NotFoundError } from '../kernel/errors.js';
import { actorName, principalEntityType, type Principal } from '../kernel/http/context.js';
import type { RepositoryRow } from './store.js';

export const gitCedarSchema = `
  entity GitRepository { owner?: Group, visibility?: String };
  action "git:ListRepositories" in [catalogRead, read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "git:CreateRepository" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [GitRepository] };
  action "git:Read" in [read, manage] appliesTo { principal: [User, ServiceAccount], resource: [GitRepository] };
  action "git:Write" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [GitRepository] };
  action "git:Admin" in [write] appliesTo { principal: [User, ServiceAccount], resource: [GitRepository] };
`;

export type GitAction = 'git:Read' | 'git:Write' | 'git:Admin';

export function repositoryResource(owner: string, name: string, row?: Pick<RepositoryRow, 'visibility'>): ResourceDescriptor {
  return { type: 'GitRepository', id: `${owner}/${name}`, owner, ...(row ? { attrs: { visibility: row.visibility } } : {}) };
}

export function allows(authz: Authorizer, principal: Principal | undefined, action: GitAction, row: RepositoryRow): boolean {
  if (!principal) return action === 'git:Read' && row.visibility === 'public';
  // Public means anyone reads; no policy is needed for what anonymous callers may already do.
  if (action === 'git:Read' && row.visibility === 'public') return true;
  const p = { type: principalEntityType(principal), id: principal.id, name: principal.name, groups: principal.groups };
  return authz.isAuthorized(p, action, repositoryResource(row.owner, row.name, row)).allowed;
}

/** Throws the error the caller should see (401, 404 or 403), after auditing a signed-in caller's denial. */
export async function authorizeRepository(
  deps: { authz: Authorizer; audit: AuditLog },
  request: FastifyRequest,
  action: GitAction,
  owner: string,
  name: string,
  row: RepositoryRow | undefined,
): Promise<RepositoryRow> {
  const principal = request.principal;
  if (row && allows(deps.authz, principal, action, row)) return row;
  if (!principal) throw new AuthenticationError('sign in: use an API token as the password (git clone http://USER:TOKEN@HOST/git/OWNER/NAME.git)');
  await deps.audit.append({
    actor: actorName(principal),
    action,
    resource: `GitRepository:${owner}/${name}`,
    outcome: 'denied',
    requestId: request.id,
    sourceIp: request.ip,
    details: row ? {} : { missing: true },
  });
  if (!row || !allows(deps.authz, principal, 'git:Read', row)) throw new NotFoundError(`repository ${owner}/${name} not found`);
  throw new NotAllowedError(`you may not ${action === 'git:Write' ? 'push to' : 'administer'} ${owner}/${name}`);
}
