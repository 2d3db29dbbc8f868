// git's smart HTTP protocol at /git/OWNER/NAME.git/…, served by `git http-backend`. Access is decided
// here rather than by the kernel's route hooks (see access.ts for why). Pushes get the environment the
// pre-receive hook needs, and an accepted push is recorded (audit + `git.push` events) before the
// client sees the end of the response.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../kernel/audit/audit-log.js';
import type { Authorizer } from '../kernel/authz/authorizer.js';
import { NotFoundError } from '../kernel/errors.js';
import { actorName } from '../kernel/http/context.js';
import { requestContext } from '../kernel/http/security.js';
import type { Logger } from '../kernel/logger.js';
import { authorizeRepository, type GitAction } from './access.js';
import { runHttpBackend } from './http-backend.js';
import { slugSchema } from './model.js';
import { diffRefs, readRefs } from './repo-fs.js';
import type { GitService, HookReport } from './service.js';

export interface SmartHttpDeps {
  git: GitService;
  authz: Authorizer;
  audit: AuditLog;
  logger: Logger;
  /** Absolute path of hooks/pre-receive.mjs. */
  hookScript: string;
  /** Absolute path of the built secrets scanner module (exports scanPush). */
  secretsModule: string;
}

const PACK_TYPES = ['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request'];

/** Which git service a request is for, and so which action it needs; undefined for paths Paved does not serve. */
function serviceOf(method: string, rest: string, query: Record<string, unknown>): { service: 'upload' | 'receive'; action: GitAction } | undefined {
  if (method === 'GET' && rest === 'info/refs') {
    if (query.service === 'git-receive-pack') return { service: 'receive', action: 'git:Write' };
    if (query.service === 'git-upload-pack') return { service: 'upload', action: 'git:Read' };
    return undefined; // the dumb protocol is not served
  }
  if (method === 'POST' && rest === 'git-upload-pack') return { service: 'upload', action: 'git:Read' };
  if (method === 'POST' && rest === 'git-receive-pack') return { service: 'receive', action: 'git:Write' };
  return undefined;
}

export async function registerSmartHttp(app: FastifyInstance, deps: SmartHttpDeps): Promise<void> {
  await app.register(async (scope) => {
    // Pack bodies stream to http-backend untouched (and may be gzip-encoded); never parse or buffer them.
    scope.addContentTypeParser(PACK_TYPES, (_request, payload, done) => done(null, payload));
    // git asks for credentials only after a 401 that carries a Basic challenge.
    scope.addHook('onSend', async (_request, reply) => {
      if (reply.statusCode === 401) reply.header('www-authenticate', 'Basic realm="Paved", charset="UTF-8"');
    });
    scope.route({
      method: ['GET', 'POST'],
      url: '/git/:owner/:repo/*',
      config: { auth: 'public' },
      schema: { hide: true },
      handler: (request, reply) => serve(deps, request, reply),
    });
  });
}

async function serve(deps: SmartHttpDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const params = request.params as { owner: string; repo: string; '*': string };
  const owner = params.owner;
  const name = params.repo.endsWith('.git') ? params.repo.slice(0, -4) : params.repo;
  if (!slugSchema.safeParse(owner).success || !slugSchema.safeParse(name).success) throw new NotFoundError('repository not found');
  const what = serviceOf(request.method, params['*'], request.query as Record<string, unknown>);
  if (!what) throw new NotFoundError('Paved serves git over the smart HTTP protocol only');
  const row = await authorizeRepository(deps, request, what.action, owner, name, await deps.git.row(owner, name));

  const repoPath = deps.git.path(owner, name);
  const pathInfo = `/${owner}/${name}.git/${params['*']}`;
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const body = request.method === 'POST' ? (request.body as Readable) : undefined;
  const base = {
    projectRoot: deps.git.root,
    pathInfo,
    method: request.method,
    query,
    headers: request.headers,
    remoteUser: actorName(request.principal),
    remoteAddr: request.ip,
    ...(body ? { body } : {}),
  };

  if (!(what.service === 'receive' && request.method === 'POST')) {
    const cgi = await runHttpBackend(base);
    void cgi.exited.then(({ code, stderr }) => {
      if (code !== 0) deps.logger.warn({ repository: `${owner}/${name}`, code, stderr: stderr.slice(0, 500) }, 'git http-backend failed');
    });
    return reply.code(cgi.status).headers(noCache(cgi.headers)).send(cgi.body);
  }

  // A push: give the hook its rules, and record what moved once receive-pack is done.
  const reportDir = await mkdtemp(join(tmpdir(), 'paved-push-'));
  const reportFile = join(reportDir, 'report.json');
  const refsBefore = await readRefs(repoPath);
  const cgi = await runHttpBackend(
    {
      ...base,
      env: {
        PAVED_NODE: process.execPath,
        PAVED_HOOK_SCRIPT: deps.hookScript,
        PAVED_SECRETS_MODULE: deps.secretsModule,
        PAVED_PROTECTION: JSON.stringify(await deps.git.protection(owner, name)),
        PAVED_OVERRIDES: JSON.stringify(await deps.git.usableOverrides(owner, name)),
        PAVED_REPORT_FILE: reportFile,
      },
    },
    { holdEnd: true },
  );
  void cgi.exited
    .then(async ({ code, stderr }) => {
      if (code !== 0) deps.logger.warn({ repository: `${owner}/${name}`, code, stderr: stderr.slice(0, 500) }, 'git receive-pack failed');
      const report = await readReport(reportFile);
      const changes = diffRefs(refsBefore, await readRefs(repoPath));
      if (report?.rejected) {
        await deps.audit.append({
          actor: actorName(request.principal),
          action: 'git:Write',
          resource: `GitRepository:${owner}/${name}`,
          outcome: 'denied',
          requestId: request.id,
          sourceIp: request.ip,
          details: { operation: 'push', reason: report.rejected, findings: report.findings.map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId })) },
        });
      }
      await deps.git.recordPush(requestContext(request), row, changes, refsBefore, report);
    })
    .catch((err: unknown) => deps.logger.error({ err, repository: `${owner}/${name}` }, 'could not record a git push'))
    .finally(() => {
      cgi.body.end();
      void rm(reportDir, { recursive: true, force: true });
    });
  return reply.code(cgi.status).headers(noCache(cgi.headers)).send(cgi.body);
}

async function readReport(file: string): Promise<HookReport | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as HookReport;
  } catch {
    return undefined; // the hook did not run (nothing to update) or could not write
  }
}

function noCache(headers: Record<string, string>): Record<string, string> {
  return { 'cache-control': 'no-cache, max-age=0, must-revalidate', ...headers };
}
