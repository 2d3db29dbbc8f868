// `paved catalog …`: apply entity YAML, get one entity, list with Backstage filters, manage locations.
// Everything goes through the server's API; apply validates locally first so errors name the file line.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { parse, readAll } from '../cli/args.js';
import { createClient, type ApiClient } from '../cli/client.js';
import type { Command, CommandIO } from '../cli/command.js';
import { resolveCredentials } from '../cli/credentials.js';
import { paint, printJson, println, table } from '../cli/output.js';
import { NotFoundError, PavedError, UsageError } from '../kernel/errors.js';
import type { Entity } from './model.js';
import { formatProblem, parseEntities } from './parse.js';
import { readTarget } from './reader.js';
import { parseEntityRef, stringifyEntityRef } from './refs.js';

const server = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } } as const;
const EXIT = `Exit codes: 0 ok; 1 some documents were invalid or refused; 2 usage error; 3 server error; 4 not signed in.`;

function client(io: CommandIO, values: { url?: string; token?: string }): ApiClient {
  return createClient(resolveCredentials(io.env, values));
}

const path = (ref: string) => {
  const r = parseEntityRef(ref, { defaultKind: 'Component' });
  return `/api/catalog/entities/by-name/${encodeURIComponent(r.kind)}/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`;
};

/** Creates the entity, or replaces it when it exists (with If-Match, so a concurrent edit is not lost). */
async function upsert(api: ApiClient, entity: Entity): Promise<'created' | 'updated'> {
  const ref = stringifyEntityRef(entity);
  try {
    const current = await api.request<Entity>('GET', path(ref));
    await api.request('PUT', path(ref), entity, { 'if-match': `"${current.metadata.etag}"` });
    return 'updated';
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await api.request('POST', '/api/catalog/entities', entity);
    return 'created';
  }
}

export const commands: Command[] = [
  {
    name: ['catalog', 'apply'],
    summary: 'Create or update catalog entities from a YAML file',
    help: `Usage: paved catalog apply -f FILE [--json] [--url URL] [--token TOKEN]

Reads every document of FILE (- for standard input), resolves $text/$json/$yaml placeholders relative to
it, validates each entity as Backstage does, and creates or replaces each valid one through the API
(entities created this way are API-managed; entities a location manages are refused with 409).
Invalid documents are reported with file, line, document number and field, and skipped.

${EXIT}`,
    async run(args, io) {
      const { values } = parse(args, { ...server, file: { type: 'string', short: 'f' } }, { allowPositionals: false });
      if (!values.file) throw new UsageError('paved catalog apply needs -f FILE');
      const file = values.file === '-' ? '<stdin>' : resolve(io.cwd, values.file);
      const text = values.file === '-' ? (await readAll(io.stdin)).toString('utf8') : await readFile(file, 'utf8').catch((e: Error) => {
        throw new UsageError(`cannot read ${file}: ${e.message}`);
      });
      const parsed = await parseEntities(text, file, values.file === '-' ? undefined : readTarget);
      const api = client(io, values);
      const results: Array<{ ref: string; outcome: string; message?: string }> = [];
      for (const { entity } of parsed.entities) {
        const ref = stringifyEntityRef(entity);
        try {
          results.push({ ref, outcome: await upsert(api, entity) });
        } catch (error) {
          if (!(error instanceof PavedError) || error.status >= 500 || error.status === 401) throw error;
          results.push({ ref, outcome: 'refused', message: error.message });
        }
      }
      const failed = parsed.problems.length > 0 || results.some((r) => r.outcome === 'refused');
      if (values.json) printJson(io, { results, problems: parsed.problems });
      else {
        for (const r of results) println(io, `${r.outcome === 'refused' ? paint(io, 'red', 'refused') : paint(io, 'green', r.outcome)} ${r.ref}${r.message ? `: ${r.message}` : ''}`);
        for (const p of parsed.problems) println(io, `${paint(io, 'red', 'invalid')} ${formatProblem(p)}`);
      }
      return failed ? 1 : 0;
    },
  },
  {
    name: ['catalog', 'get'],
    summary: 'Show one entity (YAML, or JSON with --json)',
    help: `Usage: paved catalog get REF [--json] [--url URL] [--token TOKEN]

REF is [kind:][namespace/]name; the kind defaults to Component and the namespace to default.

Exit codes: 0 ok; 2 usage error; 3 server error or not found; 4 not signed in.`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      if (positionals.length !== 1) throw new UsageError('paved catalog get needs exactly one REF');
      let p: string;
      try {
        p = path(positionals[0]!);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const entity = await client(io, values).request<Entity>('GET', p);
      if (values.json) printJson(io, entity);
      else io.stdout.write(stringify(entity));
      return 0;
    },
  },
  {
    name: ['catalog', 'list'],
    summary: 'List entities with Backstage filters or a full-text search',
    help: `Usage: paved catalog list [--filter F]... [--search TEXT] [--limit N] [--json] [--url URL] [--token TOKEN]

--filter takes Backstage's syntax: kind=component,spec.type=service (conditions ANDed); repeat
--filter to OR filter sets; a key alone tests existence (metadata.tags.java).
--search matches the start of words in name, title, description, tags and annotations.

Exit codes: 0 ok; 2 usage error; 3 server error; 4 not signed in.`,
    async run(args, io) {
      const { values } = parse(args, { ...server, filter: { type: 'string', multiple: true }, search: { type: 'string' }, limit: { type: 'string' } }, { allowPositionals: false });
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
      const q = new URLSearchParams({ limit: String(limit) });
      for (const f of values.filter ?? []) q.append('filter', f);
      if (values.search) q.set('fullTextFilterTerm', values.search);
      const page = await client(io, values).request<{ items: Entity[]; totalItems: number }>('GET', `/api/catalog/entities/by-query?${q}`);
      if (values.json) printJson(io, page);
      else {
        io.stdout.write(
          table(
            ['REF', 'TYPE', 'OWNER', 'LIFECYCLE', 'TITLE'],
            page.items.map((e) => [stringifyEntityRef(e), String(e.spec?.type ?? ''), String(e.spec?.owner ?? ''), String(e.spec?.lifecycle ?? ''), e.metadata.title ?? '']),
          ),
        );
        println(io, paint(io, 'gray', `${page.items.length} of ${page.totalItems}`));
      }
      return 0;
    },
  },
  {
    name: ['catalog', 'locations', 'add'],
    summary: 'Register a location (an absolute file path or an http(s) URL) and read it now',
    help: `Usage: paved catalog locations add TARGET [--dry-run] [--json] [--url URL] [--token TOKEN]

TARGET is an http(s) URL or an absolute path on the server (file:/path works too). The server reads it
at once and then on its refresh schedule. --dry-run shows what it would load without registering it.

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, 'dry-run': { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError('paved catalog locations add needs exactly one TARGET');
      const result = await client(io, values).request<{ location: { id: string; type: string; target: string }; entities: Entity[]; problems?: Array<Parameters<typeof formatProblem>[0]> }>(
        'POST',
        `/api/catalog/locations${values['dry-run'] ? '?dryRun=true' : ''}`,
        { target: positionals[0] },
      );
      const problems = result.problems ?? [];
      if (values.json) printJson(io, result);
      else {
        println(io, `${values['dry-run'] ? 'Would register' : 'Registered'} ${result.location.type} location ${result.location.target} (id ${result.location.id}): ${result.entities.length} entities`);
        for (const e of result.entities) println(io, `  ${stringifyEntityRef(e)}`);
        for (const p of problems) println(io, `${paint(io, 'red', 'problem')} ${p.file ? formatProblem({ ...p, document: p.document ?? 0, path: p.path ?? '', file: p.file }) : p.message}`);
      }
      return problems.length ? 1 : 0;
    },
  },
  {
    name: ['catalog', 'locations', 'list'],
    summary: 'List registered locations',
    help: `Usage: paved catalog locations list [--json] [--url URL] [--token TOKEN]

Exit codes: 0 ok; 3 server error; 4 not signed in.`,
    async run(args, io) {
      const { values } = parse(args, server, { allowPositionals: false });
      const list = await client(io, values).request<Array<{ data: { id: string; type: string; target: string; problems?: unknown[]; lastRefreshedAt?: string | null } }>>('GET', '/api/catalog/locations');
      if (values.json) printJson(io, list.map((l) => l.data));
      else io.stdout.write(table(['ID', 'TYPE', 'TARGET', 'LAST READ', 'PROBLEMS'], list.map(({ data: l }) => [l.id, l.type, l.target, l.lastRefreshedAt ?? '', String(l.problems?.length ?? 0)])));
      return 0;
    },
  },
  {
    name: ['catalog', 'locations', 'remove'],
    summary: 'Unregister a location and delete its entities',
    help: `Usage: paved catalog locations remove ID [--url URL] [--token TOKEN]

Exit codes: 0 ok; 2 usage error; 3 server error or not found; 4 not signed in.`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      if (positionals.length !== 1) throw new UsageError('paved catalog locations remove needs exactly one ID');
      await client(io, values).request('DELETE', `/api/catalog/locations/${encodeURIComponent(positionals[0]!)}`);
      if (!values.json) println(io, `Removed location ${positionals[0]}`);
      return 0;
    },
  },
];
