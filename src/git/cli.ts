// `paved repos …`: create, list, show and delete git repositories hosted by Paved, through the API.
import { parse } from '../cli/args.js';
import { createClient, type ApiClient } from '../cli/client.js';
import type { Command, CommandIO } from '../cli/command.js';
import { resolveCredentials } from '../cli/credentials.js';
import { printJson, println, table } from '../cli/output.js';
import { UsageError } from '../kernel/errors.js';
import type { Repository } from './model.js';

const server = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } } as const;
const EXIT = 'Exit codes: 0 ok; 2 usage error; 3 server error or refused (exists, not found, not allowed); 4 not signed in.';

function client(io: CommandIO, values: { url?: string; token?: string }): ApiClient {
  return createClient(resolveCredentials(io.env, values));
}

function fullName(positionals: string[], usage: string): { owner: string; name: string } {
  const [ref, ...extra] = positionals;
  const match = ref ? /^([^/]+)\/([^/]+?)(?:\.git)?$/.exec(ref) : null;
  if (!match || extra.length) throw new UsageError(`expected OWNER/NAME, e.g. payments/checkout-api\n${usage}`);
  return { owner: match[1]!, name: match[2]! };
}

function describe(io: CommandIO, r: Repository): void {
  println(io, `${r.fullName} (${r.visibility}, default branch ${r.defaultBranch})`);
  if (r.description) println(io, r.description);
  println(io, `clone: git clone ${r.cloneUrl}`);
  println(io, `protected: ${r.protection.map((p) => `${p.pattern}${p.allowForcePush ? ' +force' : ''}${p.allowDeletion ? ' +delete' : ''}`).join(', ') || 'nothing'}`);
}

const createUsage = `Usage: paved repos create OWNER/NAME [--description TEXT] [--visibility private|internal|public]
                         [--default-branch BRANCH] [--json] [--url URL] [--token TOKEN]`;

export const commands: Command[] = [
  {
    name: ['repos', 'create'],
    summary: 'Create a git repository owned by a group',
    help: `${createUsage}

Creates an empty bare repository OWNER/NAME; OWNER is a Paved group, whose members may push.
--visibility  private (default: the owning group reads), internal (every signed-in user reads),
              public (anyone reads, also without a token)
--default-branch  main by default; it is protected (no force-push, no deletion)

Clone it with an API token as the password: git clone http://USER:TOKEN@HOST:PORT/git/OWNER/NAME.git

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, {
        ...server,
        description: { type: 'string' },
        visibility: { type: 'string' },
        'default-branch': { type: 'string' },
      });
      const { owner, name } = fullName(positionals, createUsage);
      if (values.visibility && !['private', 'internal', 'public'].includes(values.visibility)) throw new UsageError('--visibility must be private, internal or public');
      const created = await client(io, values).request<Repository>('POST', '/api/v1/git/repos', {
        owner,
        name,
        ...(values.description ? { description: values.description } : {}),
        ...(values.visibility ? { visibility: values.visibility } : {}),
        ...(values['default-branch'] ? { defaultBranch: values['default-branch'] } : {}),
      });
      if (values.json) printJson(io, created);
      else describe(io, created);
      return 0;
    },
  },
  {
    name: ['repos', 'list'],
    summary: 'List the git repositories you may read',
    help: `Usage: paved repos list [--owner GROUP] [--json] [--url URL] [--token TOKEN]

${EXIT}`,
    async run(args, io) {
      const { values } = parse(args, { ...server, owner: { type: 'string' } }, { allowPositionals: false });
      const api = client(io, values);
      const items: Repository[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ limit: '200', ...(values.owner ? { owner: values.owner } : {}), ...(cursor ? { cursor } : {}) });
        const page: { items: Repository[]; nextCursor: string | null } = await api.request('GET', `/api/v1/git/repos?${q}`);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (values.json) printJson(io, items);
      else if (items.length === 0) println(io, 'No repositories.');
      else println(io, table(['REPOSITORY', 'VISIBILITY', 'DEFAULT BRANCH', 'CLONE URL'], items.map((r) => [r.fullName, r.visibility, r.defaultBranch, r.cloneUrl])));
      return 0;
    },
  },
  {
    name: ['repos', 'get'],
    summary: 'Show one git repository',
    help: `Usage: paved repos get OWNER/NAME [--json] [--url URL] [--token TOKEN]

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      const { owner, name } = fullName(positionals, 'Usage: paved repos get OWNER/NAME');
      const repo = await client(io, values).request<Repository>('GET', `/api/v1/git/repos/${owner}/${name}`);
      if (values.json) printJson(io, repo);
      else describe(io, repo);
      return 0;
    },
  },
  {
    name: ['repos', 'delete'],
    summary: 'Delete a git repository and all its history',
    help: `Usage: paved repos delete OWNER/NAME --yes [--url URL] [--token TOKEN]

Deletion cannot be undone; --yes confirms it.

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, yes: { type: 'boolean' } });
      const { owner, name } = fullName(positionals, 'Usage: paved repos delete OWNER/NAME --yes');
      if (!values.yes) throw new UsageError(`deleting ${owner}/${name} removes all its history; add --yes to confirm`);
      await client(io, values).request('DELETE', `/api/v1/git/repos/${owner}/${name}`);
      if (values.json) printJson(io, { deleted: `${owner}/${name}` });
      else println(io, `Deleted ${owner}/${name}.`);
      return 0;
    },
  },
];
