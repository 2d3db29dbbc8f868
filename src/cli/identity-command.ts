// `paved users`, `paved groups`, `paved tokens`, `paved policies`: identity and access from the terminal.
import { readFileSync } from 'node:fs';
import type { Command, CommandIO } from './command.js';
import { parse } from './args.js';
import { createClient, type ApiClient } from './client.js';
import { resolveCredentials } from './credentials.js';
import { printJson, println, table } from './output.js';
import { UsageError } from '../kernel/errors.js';

const server = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } } as const;
const exitCodes = 'Exit codes: 0 ok; 2 usage error; 3 server error (including refused access); 4 not signed in.';

function connect(io: CommandIO, values: { url?: string; token?: string }): ApiClient {
  return createClient(resolveCredentials(io.env, values));
}

/** `user:alice`, `service:ci-bot` or `group:payments` (a bare name means a user). */
function member(spec: string) {
  const [type, id] = spec.includes(':') ? spec.split(':', 2) : ['user', spec];
  if (!['user', 'service', 'group'].includes(type!) || !id) throw new UsageError(`member must be user:NAME, service:NAME or group:NAME, not '${spec}'`);
  return { type: type as 'user' | 'service' | 'group', id };
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}`);
  return positionals[0]!;
}

async function listAll<T>(client: ApiClient, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await client.request('GET', `${path}?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

interface User { name: string; displayName: string | null; email: string | null; disabled: boolean }
interface Group { name: string; description: string | null; members?: Array<{ type: string; id: string }> }
interface Token { id: string; principal: string; description: string; prefix: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null }
interface Policy { id: string; description: string; builtin: boolean; body: string }

export const commands: Command[] = [
  {
    name: ['users', 'list'],
    summary: 'List users',
    help: `Usage: paved users list [--json]\n\n${exitCodes}`,
    async run(args, io) {
      const { values } = parse(args, server, { allowPositionals: false });
      const users = await listAll<User>(connect(io, values), '/api/v1/iam/users');
      if (values.json) printJson(io, users);
      else io.stdout.write(table(['NAME', 'DISPLAY NAME', 'EMAIL', 'DISABLED'], users.map((u) => [u.name, u.displayName ?? '', u.email ?? '', u.disabled ? 'yes' : ''])));
      return 0;
    },
  },
  {
    name: ['users', 'create'],
    summary: 'Create a user',
    help: `Usage: paved users create NAME [--display-name TEXT] [--email ADDR] [--group GROUP …] [--json]\n\nGive the user a portal password later with the API (PATCH /api/v1/iam/users/NAME), or let them sign in with a token.\n\n${exitCodes}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, 'display-name': { type: 'string' }, email: { type: 'string' }, group: { type: 'string', multiple: true } });
      const user = await connect(io, values).request<User>('POST', '/api/v1/iam/users', {
        name: one(positionals, 'user name'),
        displayName: values['display-name'],
        email: values.email,
        groups: values.group,
      });
      if (values.json) printJson(io, user);
      else println(io, `Created user ${user.name}.`);
      return 0;
    },
  },
  {
    name: ['groups', 'list'],
    summary: 'List groups',
    help: `Usage: paved groups list [--json]\n\n${exitCodes}`,
    async run(args, io) {
      const { values } = parse(args, server, { allowPositionals: false });
      const groups = await listAll<Group>(connect(io, values), '/api/v1/iam/groups');
      if (values.json) printJson(io, groups);
      else io.stdout.write(table(['NAME', 'DESCRIPTION'], groups.map((g) => [g.name, g.description ?? ''])));
      return 0;
    },
  },
  {
    name: ['groups', 'create'],
    summary: 'Create a group',
    help: `Usage: paved groups create NAME [--description TEXT] [--member user:NAME|service:NAME|group:NAME …] [--json]\n\n${exitCodes}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, description: { type: 'string' }, member: { type: 'string', multiple: true } });
      const group = await connect(io, values).request<Group>('POST', '/api/v1/iam/groups', {
        name: one(positionals, 'group name'),
        description: values.description,
        members: (values.member ?? []).map(member),
      });
      if (values.json) printJson(io, group);
      else println(io, `Created group ${group.name}${group.members?.length ? ` with ${group.members.length} member(s)` : ''}.`);
      return 0;
    },
  },
  {
    name: ['groups', 'add-member'],
    summary: 'Add a user, service account or group to a group',
    help: `Usage: paved groups add-member GROUP user:NAME|service:NAME|group:NAME [--json]\n\n${exitCodes}`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      if (positionals.length !== 2) throw new UsageError('expected GROUP and MEMBER');
      const group = await connect(io, values).request<Group>('POST', `/api/v1/iam/groups/${encodeURIComponent(positionals[0]!)}/members`, member(positionals[1]!));
      if (values.json) printJson(io, group);
      else println(io, `${positionals[1]} is now in ${group.name}.`);
      return 0;
    },
  },
  {
    name: ['tokens', 'create'],
    summary: 'Create an API token (shown once)',
    help: `Usage: paved tokens create [--user NAME | --service NAME] [--description TEXT] [--expires-in-days N] [--json]\n\nWithout --user or --service the token is for yourself. The secret is printed once; store it now.\n\n${exitCodes}`,
    async run(args, io) {
      const { values } = parse(args, { ...server, user: { type: 'string' }, service: { type: 'string' }, description: { type: 'string' }, 'expires-in-days': { type: 'string' } }, { allowPositionals: false });
      const client = connect(io, values);
      const base = await tokenBase(client, values);
      const days = values['expires-in-days'];
      if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError('--expires-in-days must be a whole number');
      const token = await client.request<Token & { token: string }>('POST', base, { description: values.description ?? '', expiresInDays: days ? Number(days) : undefined });
      if (values.json) printJson(io, token);
      else println(io, token.token);
      return 0;
    },
  },
  {
    name: ['tokens', 'list'],
    summary: 'List API tokens (never their secrets)',
    help: `Usage: paved tokens list [--user NAME | --service NAME] [--json]\n\n${exitCodes}`,
    async run(args, io) {
      const { values } = parse(args, { ...server, user: { type: 'string' }, service: { type: 'string' } }, { allowPositionals: false });
      const client = connect(io, values);
      const { items } = await client.request<{ items: Token[] }>('GET', await tokenBase(client, values));
      if (values.json) printJson(io, items);
      else io.stdout.write(table(['ID', 'PREFIX', 'DESCRIPTION', 'EXPIRES', 'LAST USED', 'REVOKED'], items.map((t) => [t.id, t.prefix + '…', t.description, t.expiresAt ?? '', t.lastUsedAt ?? '', t.revokedAt ?? ''])));
      return 0;
    },
  },
  {
    name: ['tokens', 'revoke'],
    summary: 'Revoke an API token',
    help: `Usage: paved tokens revoke TOKEN_ID [--user NAME | --service NAME]\n\n${exitCodes}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, user: { type: 'string' }, service: { type: 'string' } });
      const client = connect(io, values);
      await client.request('DELETE', `${await tokenBase(client, values)}/${encodeURIComponent(one(positionals, 'token id'))}`);
      println(io, `Revoked ${positionals[0]}.`);
      return 0;
    },
  },
  {
    name: ['policies', 'list'],
    summary: 'List Cedar policies',
    help: `Usage: paved policies list [--json]\n\n${exitCodes}`,
    async run(args, io) {
      const { values } = parse(args, server, { allowPositionals: false });
      const { items } = await connect(io, values).request<{ items: Policy[] }>('GET', '/api/v1/iam/policies');
      if (values.json) printJson(io, items);
      else io.stdout.write(table(['ID', 'BUILT-IN', 'DESCRIPTION'], items.map((p) => [p.id, p.builtin ? 'yes' : '', p.description])));
      return 0;
    },
  },
  {
    name: ['policies', 'put'],
    summary: 'Create or replace a Cedar policy from a file',
    help: `Usage: paved policies put ID -f FILE.cedar [--description TEXT] [--json]\n\nThe policy is validated against the Paved schema first; a bad one is refused with Cedar's message.\n\n${exitCodes}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, file: { type: 'string', short: 'f' }, description: { type: 'string' } });
      if (!values.file) throw new UsageError('paved policies put needs -f FILE');
      const body = readFileSync(values.file, 'utf8');
      const policy = await connect(io, values).request<Policy>('PUT', `/api/v1/iam/policies/${encodeURIComponent(one(positionals, 'policy id'))}`, { description: values.description ?? '', body });
      if (values.json) printJson(io, policy);
      else println(io, `Saved policy ${policy.id}.`);
      return 0;
    },
  },
  {
    name: ['policies', 'delete'],
    summary: 'Delete a stored Cedar policy',
    help: `Usage: paved policies delete ID\n\n${exitCodes}`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      await connect(io, values).request('DELETE', `/api/v1/iam/policies/${encodeURIComponent(one(positionals, 'policy id'))}`);
      println(io, `Deleted policy ${positionals[0]}.`);
      return 0;
    },
  },
];

async function tokenBase(client: ApiClient, values: { user?: string; service?: string }): Promise<string> {
  if (values.user && values.service) throw new UsageError('give --user or --service, not both');
  if (values.service) return `/api/v1/iam/service-accounts/${encodeURIComponent(values.service)}/tokens`;
  if (values.user) return `/api/v1/iam/users/${encodeURIComponent(values.user)}/tokens`;
  const me = await client.request<{ id: string; type: string }>('GET', '/api/v1/iam/whoami');
  return `/api/v1/iam/${me.type === 'service' ? 'service-accounts' : 'users'}/${encodeURIComponent(me.id)}/tokens`;
}
