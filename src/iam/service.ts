// Identity: users, groups, service accounts and API tokens. No HTTP here; typed errors only.
import type { z } from 'zod';
import type { Db } from '../kernel/db/database.js';
import type { ChangeRunner, SystemContext } from '../kernel/changes.js';
import { ConflictError, InputError, NotFoundError, PreconditionFailedError } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/http/context.js';
import { newId, randomBase62, sha256Hex } from '../kernel/ids.js';
import { encodeCursor } from '../kernel/pagination.js';
import type { createGroupSchema, createServiceAccountSchema, createTokenSchema, createUserSchema, Member, updateUserSchema } from './model.js';
import { hashPassword } from './passwords.js';
import { groupStore, serviceAccountStore, tokenStore, toGroup, toServiceAccount, toToken, toUser, userStore } from './store.js';

type Ctx = RequestContext | SystemContext;

/** Tokens look like `pvd_<43 base62 chars>` (256 bits): recognisable by secret scanners, and safe to hash with sha256. */
export const TOKEN_PREFIX = 'pvd_';

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBase62(43);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

function page<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null };
}

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly change: ChangeRunner,
    /** Called after a change that can alter who a principal is (groups, tokens), to drop caches. */
    private readonly invalidate: () => void,
  ) {}

  // ---- users -------------------------------------------------------------------------------------

  async createUser(ctx: Ctx, input: z.infer<typeof createUserSchema>) {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    try {
      return await this.change(ctx, { action: 'iam:CreateUser', resource: `User:${input.name}` }, async ({ tx, publish }) => {
        const row = await userStore.insert(tx, { id: input.name, name: input.name, displayName: input.displayName, email: input.email, passwordHash });
        for (const g of input.groups ?? []) {
          if (!(await groupStore.get(tx, g))) throw new InputError(`group ${g} does not exist`, [{ path: 'groups', message: `unknown group ${g}` }]);
          await groupStore.addMember(tx, g, { type: 'user', id: row.id });
        }
        await publish('iam.user.created', { id: row.id });
        return { ...toUser(row), groups: input.groups ?? [] };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`a user named ${input.name} already exists`);
      throw error;
    }
  }

  async getUser(id: string) {
    const row = await userStore.get(this.db, id);
    if (!row) throw new NotFoundError(`user ${id} not found`);
    return { ...toUser(row), groups: await groupStore.transitiveGroups(this.db, 'user', id) };
  }

  async listUsers(after: string | undefined, limit: number) {
    return page((await userStore.list(this.db, after, limit + 1)).map(toUser), limit);
  }

  async updateUser(ctx: Ctx, id: string, input: z.infer<typeof updateUserSchema>, expectedVersion?: number) {
    const fields: Record<string, unknown> = {};
    if (input.displayName !== undefined) fields.display_name = input.displayName;
    if (input.email !== undefined) fields.email = input.email;
    if (input.disabled !== undefined) fields.disabled = input.disabled;
    if (input.password !== undefined) fields.password_hash = await hashPassword(input.password);
    const changed = Object.keys(fields).filter((k) => k !== 'password_hash');
    const result = await this.change(
      ctx,
      { action: 'iam:UpdateUser', resource: `User:${id}`, details: { fields: changed, passwordChanged: input.password !== undefined } },
      async ({ tx }) => {
        const current = await userStore.get(tx, id);
        if (!current) throw new NotFoundError(`user ${id} not found`);
        if (expectedVersion !== undefined && Number(current.version) !== expectedVersion) {
          throw new PreconditionFailedError(`user ${id} is at version ${current.version}, not ${expectedVersion}; reload and retry`);
        }
        const row = Object.keys(fields).length ? await userStore.update(tx, id, fields, expectedVersion) : current;
        if (!row) throw new PreconditionFailedError(`user ${id} changed meanwhile; reload and retry`);
        return toUser(row);
      },
    );
    this.invalidate();
    return result;
  }

  async deleteUser(ctx: Ctx, id: string) {
    await this.change(ctx, { action: 'iam:DeleteUser', resource: `User:${id}` }, async ({ tx, publish }) => {
      if (!(await userStore.delete(tx, id))) throw new NotFoundError(`user ${id} not found`);
      await publish('iam.user.deleted', { id });
    });
    this.invalidate();
  }

  // ---- groups ------------------------------------------------------------------------------------

  async createGroup(ctx: Ctx, input: z.infer<typeof createGroupSchema>) {
    try {
      const group = await this.change(ctx, { action: 'iam:CreateGroup', resource: `Group:${input.name}` }, async ({ tx, publish }) => {
        const row = await groupStore.insert(tx, { id: input.name, description: input.description });
        for (const m of input.members ?? []) await this.addMemberIn(tx, row.id, m);
        await publish('iam.group.created', { id: row.id });
        return toGroup(row, await groupStore.members(tx, row.id));
      });
      this.invalidate();
      return group;
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`a group named ${input.name} already exists`);
      throw error;
    }
  }

  async getGroup(id: string) {
    const row = await groupStore.get(this.db, id);
    if (!row) throw new NotFoundError(`group ${id} not found`);
    return toGroup(row, await groupStore.members(this.db, id));
  }

  async listGroups(after: string | undefined, limit: number) {
    return page((await groupStore.list(this.db, after, limit + 1)).map((r) => toGroup(r)), limit);
  }

  async updateGroup(ctx: Ctx, id: string, description: string | null, expectedVersion?: number) {
    return this.change(ctx, { action: 'iam:UpdateGroup', resource: `Group:${id}` }, async ({ tx }) => {
      const current = await groupStore.get(tx, id);
      if (!current) throw new NotFoundError(`group ${id} not found`);
      const row = await groupStore.update(tx, id, description, expectedVersion);
      if (!row) throw new PreconditionFailedError(`group ${id} is at version ${current.version}, not ${expectedVersion}; reload and retry`);
      return toGroup(row, await groupStore.members(tx, id));
    });
  }

  async deleteGroup(ctx: Ctx, id: string) {
    if (id === 'admins') throw new ConflictError('the admins group cannot be deleted');
    await this.change(ctx, { action: 'iam:DeleteGroup', resource: `Group:${id}` }, async ({ tx, publish }) => {
      if (!(await groupStore.delete(tx, id))) throw new NotFoundError(`group ${id} not found`);
      await publish('iam.group.deleted', { id });
    });
    this.invalidate();
  }

  async addMember(ctx: Ctx, groupId: string, member: Member) {
    const group = await this.change(
      ctx,
      { action: 'iam:AddGroupMember', resource: `Group:${groupId}`, details: { member: `${member.type}:${member.id}` } },
      async ({ tx, publish }) => {
        if (!(await groupStore.get(tx, groupId))) throw new NotFoundError(`group ${groupId} not found`);
        await this.addMemberIn(tx, groupId, member);
        await publish('iam.group.member-added', { group: groupId, member });
        return toGroup((await groupStore.get(tx, groupId))!, await groupStore.members(tx, groupId));
      },
    );
    this.invalidate();
    return group;
  }

  async removeMember(ctx: Ctx, groupId: string, member: Member) {
    await this.change(
      ctx,
      { action: 'iam:RemoveGroupMember', resource: `Group:${groupId}`, details: { member: `${member.type}:${member.id}` } },
      async ({ tx, publish }) => {
        if (!(await groupStore.removeMember(tx, groupId, member))) throw new NotFoundError(`${member.type} ${member.id} is not a member of ${groupId}`);
        await publish('iam.group.member-removed', { group: groupId, member });
      },
    );
    this.invalidate();
  }

  private async addMemberIn(tx: Parameters<typeof groupStore.get>[0], groupId: string, m: Member) {
    const exists =
      m.type === 'user' ? await userStore.get(tx, m.id) : m.type === 'service' ? await serviceAccountStore.get(tx, m.id) : await groupStore.get(tx, m.id);
    if (!exists) throw new InputError(`${m.type} ${m.id} does not exist`, [{ path: 'member', message: `unknown ${m.type} ${m.id}` }]);
    if (m.type === 'group') {
      // Nesting groupId inside m.id must not make a group its own ancestor.
      const ancestorsOfTarget = await groupStore.transitiveGroups(tx, 'group', groupId);
      if (m.id === groupId || ancestorsOfTarget.includes(m.id)) {
        throw new InputError(`adding group ${m.id} to ${groupId} would create a cycle`, [{ path: 'member', message: 'cycle' }]);
      }
    }
    await groupStore.addMember(tx, groupId, m);
  }

  // ---- service accounts ----------------------------------------------------------------------------

  async createServiceAccount(ctx: Ctx, input: z.infer<typeof createServiceAccountSchema>) {
    try {
      return await this.change(ctx, { action: 'iam:CreateServiceAccount', resource: `ServiceAccount:${input.name}` }, async ({ tx, publish }) => {
        if (input.owner && !(await groupStore.get(tx, input.owner))) {
          throw new InputError(`group ${input.owner} does not exist`, [{ path: 'owner', message: 'unknown group' }]);
        }
        const row = await serviceAccountStore.insert(tx, { id: input.name, description: input.description, owner: input.owner });
        await publish('iam.service-account.created', { id: row.id });
        return toServiceAccount(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`a service account named ${input.name} already exists`);
      throw error;
    }
  }

  async getServiceAccount(id: string) {
    const row = await serviceAccountStore.get(this.db, id);
    if (!row) throw new NotFoundError(`service account ${id} not found`);
    return toServiceAccount(row);
  }

  async listServiceAccounts(after: string | undefined, limit: number) {
    return page((await serviceAccountStore.list(this.db, after, limit + 1)).map(toServiceAccount), limit);
  }

  async deleteServiceAccount(ctx: Ctx, id: string) {
    await this.change(ctx, { action: 'iam:DeleteServiceAccount', resource: `ServiceAccount:${id}` }, async ({ tx }) => {
      if (!(await serviceAccountStore.delete(tx, id))) throw new NotFoundError(`service account ${id} not found`);
    });
    this.invalidate();
  }

  // ---- tokens --------------------------------------------------------------------------------------

  async createToken(ctx: Ctx, owner: { type: 'user' | 'service'; id: string }, input: z.infer<typeof createTokenSchema>) {
    const secret = newTokenSecret();
    const id = newId('tok');
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    const row = await this.change(
      ctx,
      { action: 'iam:CreateToken', resource: `${owner.type === 'user' ? 'User' : 'ServiceAccount'}:${owner.id}`, details: { tokenId: id, expiresAt } },
      async ({ tx }) => {
        const exists = owner.type === 'user' ? await userStore.get(tx, owner.id) : await serviceAccountStore.get(tx, owner.id);
        if (!exists) throw new NotFoundError(`${owner.type} ${owner.id} not found`);
        return tokenStore.insert(tx, {
          id,
          token_hash: sha256Hex(secret),
          principal_type: owner.type,
          principal_id: owner.id,
          description: input.description,
          prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          expires_at: expiresAt,
        });
      },
    );
    return { ...toToken(row), token: secret };
  }

  async listTokens(owner: { type: 'user' | 'service'; id: string }) {
    return (await tokenStore.listFor(this.db, owner.type, owner.id)).map(toToken);
  }

  async revokeToken(ctx: Ctx, owner: { type: 'user' | 'service'; id: string }, tokenId: string) {
    await this.change(ctx, { action: 'iam:RevokeToken', resource: `${owner.type === 'user' ? 'User' : 'ServiceAccount'}:${owner.id}`, details: { tokenId } }, async ({ tx }) => {
      const token = await tokenStore.get(tx, tokenId);
      if (!token || token.principal_type !== owner.type || token.principal_id !== owner.id) throw new NotFoundError(`token ${tokenId} not found`);
      if (!(await tokenStore.revoke(tx, tokenId))) throw new ConflictError(`token ${tokenId} is already revoked`);
    });
    this.invalidate();
  }
}
