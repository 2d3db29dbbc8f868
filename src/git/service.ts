// Git hosting's domain: repositories (rows + bare repositories), protection rules, push overrides and
// the record of accepted pushes. No HTTP here; typed errors only.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ChangeRunner, SystemContext } from '../kernel/changes.js';
import type { Db } from '../kernel/db/database.js';
import { ConflictError, InputError, NotFoundError } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/http/context.js';
import type { Logger } from '../kernel/logger.js';
import { OVERRIDE_MINUTES, type CreateRepository, type ProtectionRule, type Repository } from './model.js';
import { changedPaths, createBareRepository, deleteBareRepository, installHooks, repositoryPath, ZERO, type RefChange } from './repo-fs.js';
import { overrideStore, protectionStore, repositoryStore, type RepositoryRow } from './store.js';

type Ctx = RequestContext | SystemContext;

export interface GitServiceOptions {
  db: Db;
  change: ChangeRunner;
  logger: Logger;
  /** `$PAVED_HOME/git`: the bare repositories live at `<root>/<owner>/<name>.git`. */
  root: string;
  /** The server's public URL, for clone URLs. */
  baseUrl: () => string;
  /** Whether a group exists (repositories are owned by groups). */
  groupExists: (id: string) => Promise<boolean>;
}

/** What the pre-receive hook reported about one push. */
export interface HookReport {
  rejected: string | null;
  override: string | null;
  findings: Array<{ file: string; line: number; ruleId: string; commit: string | null }>;
}

export class GitService {
  constructor(private readonly o: GitServiceOptions) {}

  get root(): string {
    return this.o.root;
  }

  path(owner: string, name: string): string {
    return repositoryPath(this.o.root, owner, name);
  }

  async create(ctx: Ctx, input: CreateRepository): Promise<Repository> {
    if (!(await this.o.groupExists(input.owner))) {
      throw new InputError(`group ${input.owner} does not exist`, [{ path: 'body.owner', message: 'no such group' }]);
    }
    const actor = 'system' in ctx ? `system:${ctx.system}` : `${ctx.principal.type}:${ctx.principal.name}`;
    const path = this.path(input.owner, input.name);
    const row = await this.o.change(
      ctx,
      { action: 'git:CreateRepository', resource: `GitRepository:${input.owner}/${input.name}`, details: { visibility: input.visibility, defaultBranch: input.defaultBranch } },
      async ({ tx, publish }) => {
        const inserted = await repositoryStore.insert(tx, {
          owner: input.owner,
          name: input.name,
          description: input.description ?? '',
          visibility: input.visibility,
          default_branch: input.defaultBranch,
          created_by: actor,
        });
        if (!inserted) throw new ConflictError(`repository ${input.owner}/${input.name} already exists`);
        // The default branch is protected from the start: no force-push, no deletion.
        await protectionStore.replace(tx, input.owner, input.name, [{ pattern: input.defaultBranch, allowForcePush: false, allowDeletion: false }]);
        await publish('git.repository.created', { repository: `${input.owner}/${input.name}`, visibility: input.visibility });
        // Created inside the transaction so a failure leaves neither a row nor a directory behind.
        await deleteBareRepository(path);
        await createBareRepository(path, input.defaultBranch);
        return inserted;
      },
    ).catch(async (error: unknown) => {
      if (!(error instanceof ConflictError)) await deleteBareRepository(path).catch(() => undefined);
      throw error;
    });
    return this.present(row, await protectionStore.list(this.o.db, row.owner, row.name));
  }

  async row(owner: string, name: string): Promise<RepositoryRow | undefined> {
    return repositoryStore.get(this.o.db, owner, name);
  }

  async present(row: RepositoryRow, protection?: ProtectionRule[]): Promise<Repository> {
    return {
      owner: row.owner,
      name: row.name,
      fullName: `${row.owner}/${row.name}`,
      description: row.description,
      visibility: row.visibility,
      defaultBranch: row.default_branch,
      cloneUrl: `${this.o.baseUrl()}/git/${row.owner}/${row.name}.git`,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
      protection: protection ?? (await protectionStore.list(this.o.db, row.owner, row.name)),
    };
  }

  async list(after: [string, string] | undefined, limit: number, owner?: string): Promise<RepositoryRow[]> {
    return repositoryStore.list(this.o.db, after, limit, owner);
  }

  async delete(ctx: Ctx, owner: string, name: string): Promise<void> {
    await this.o.change(ctx, { action: 'git:Admin', resource: `GitRepository:${owner}/${name}`, details: { operation: 'delete' } }, async ({ tx, publish }) => {
      if (!(await repositoryStore.delete(tx, owner, name))) throw new NotFoundError(`repository ${owner}/${name} not found`);
      await publish('git.repository.deleted', { repository: `${owner}/${name}` });
    });
    await deleteBareRepository(this.path(owner, name));
  }

  async protection(owner: string, name: string): Promise<ProtectionRule[]> {
    return protectionStore.list(this.o.db, owner, name);
  }

  async putProtection(ctx: Ctx, owner: string, name: string, rules: ProtectionRule[]): Promise<ProtectionRule[]> {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.pattern)) throw new InputError(`pattern ${r.pattern} appears twice`, [{ path: `body.rules.${i}.pattern`, message: 'duplicate' }]);
      seen.add(r.pattern);
    });
    await this.o.change(ctx, { action: 'git:Admin', resource: `GitRepository:${owner}/${name}`, details: { operation: 'protection', rules } }, async ({ tx }) => {
      await protectionStore.replace(tx, owner, name, rules);
    });
    return protectionStore.list(this.o.db, owner, name);
  }

  async createOverride(ctx: RequestContext, owner: string, name: string, reason: string) {
    const id = randomUUID();
    const token = `pvo_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + OVERRIDE_MINUTES * 60_000);
    await this.o.change(ctx, { action: 'git:Admin', resource: `GitRepository:${owner}/${name}`, details: { operation: 'push-override', overrideId: id, reason } }, async ({ tx }) => {
      await overrideStore.insert(tx, {
        id,
        owner,
        name,
        token_hash: createHash('sha256').update(token).digest('hex'),
        reason,
        created_by: `${ctx.principal.type}:${ctx.principal.name}`,
        expires_at: expiresAt,
      });
    });
    return { id, token, expiresAt: expiresAt.toISOString(), reason };
  }

  /** What the pre-receive hook may accept as override tokens for the next push (hashes only). */
  async usableOverrides(owner: string, name: string): Promise<Array<{ id: string; hash: string }>> {
    return (await overrideStore.usable(this.o.db, owner, name)).map((o) => ({ id: o.id, hash: o.token_hash }));
  }

  /**
   * Records an accepted push: one `git.push` event per moved ref and one audit record, in one transaction.
   * An override the hook used is spent in the same transaction.
   */
  async recordPush(ctx: RequestContext, row: RepositoryRow, changes: RefChange[], refsBefore: Map<string, string>, report: HookReport | undefined): Promise<void> {
    if (changes.length === 0 && !report?.override) return;
    const repository = `${row.owner}/${row.name}`;
    const path = this.path(row.owner, row.name);
    const events: Array<{ repository: string; ref: string; before: string; after: string; changedPaths: string[] }> = [];
    for (const c of changes) {
      events.push({ repository, ref: c.ref, before: c.before, after: c.after, changedPaths: await changedPaths(path, c, `refs/heads/${row.default_branch}`, refsBefore) });
    }
    await this.o.change(
      ctx,
      {
        action: 'git:Write',
        resource: `GitRepository:${repository}`,
        details: { operation: 'push', refs: changes.map((c) => ({ ref: c.ref, before: c.before, after: c.after, deleted: c.after === ZERO })) },
      },
      async ({ tx, publish, note }) => {
        for (const e of events) await publish('git.push', e);
        if (report?.override) {
          const used = await overrideStore.use(tx, report.override);
          note({ override: report.override, overrideReason: used?.reason ?? null, acceptedFindings: report.findings.map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId })) });
        }
      },
    );
  }

  /** Re-installs the hooks in every repository (after an upgrade changed them). */
  async reinstallHooks(): Promise<void> {
    let after: [string, string] | undefined;
    for (;;) {
      const rows = await repositoryStore.list(this.o.db, after, 200);
      for (const r of rows) await installHooks(this.path(r.owner, r.name)).catch((err: unknown) => this.o.logger.warn({ err, repository: `${r.owner}/${r.name}` }, 'could not install git hooks'));
      if (rows.length < 200) return;
      after = [rows.at(-1)!.owner, rows.at(-1)!.name];
    }
  }
}
