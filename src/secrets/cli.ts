// `paved secrets …`: create|get|put|list|describe|rotate|delete|restore over the API.
// create and put read the value from standard input, so it never appears in shell history or `ps`.
import { parse, readAll } from '../cli/args.js';
import { createClient } from '../cli/client.js';
import type { Command, CommandIO } from '../cli/command.js';
import { resolveCredentials } from '../cli/credentials.js';
import { printJson, println, table } from '../cli/output.js';
import { UsageError } from '../kernel/errors.js';
import type { SecretMetadata, SecretValue } from './model.js';

const server = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } } as const;
const EXIT = 'Exit codes: 0 ok; 2 usage error; 3 server error or unreachable; 4 not signed in or token refused.';
const path = (name: string) => `/api/v1/secrets/${encodeURIComponent(name)}`;

function one(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one secret name: ${usage}`);
  return positionals[0]!;
}

async function readValue(io: CommandIO, binary: boolean): Promise<{ secretString?: string; secretBinary?: string }> {
  const data = await readAll(io.stdin);
  if (!data.length) throw new UsageError('the value is read from standard input, which was empty (e.g. `printf %s "$VALUE" | paved secrets put NAME`)');
  if (binary) return { secretBinary: data.toString('base64') };
  // A single trailing newline comes from `echo` or a heredoc, not from the value.
  return { secretString: data.toString('utf8').replace(/\r?\n$/, '') };
}

function client(io: CommandIO, values: { url?: string; token?: string }) {
  return createClient(resolveCredentials(io.env, values));
}

export const commands: Command[] = [
  {
    name: ['secrets', 'create'],
    summary: 'Create a secret; its value is read from standard input (empty input: no value yet)',
    help: `Usage: paved secrets create NAME [--description TEXT] [--kms-key KEY] [--owner GROUP] [--binary] [--no-value] [--json]

Reads the value from standard input. --binary stores the bytes as they are; otherwise the value is
text (one trailing newline is dropped). --no-value creates the secret without a version.
--kms-key takes a key id or alias (default: alias/paved/secrets).

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, description: { type: 'string' }, 'kms-key': { type: 'string' }, owner: { type: 'string' }, binary: { type: 'boolean' }, 'no-value': { type: 'boolean' } });
      const name = one(positionals, 'paved secrets create NAME');
      const value = values['no-value'] ? {} : await readValue(io, Boolean(values.binary));
      const created = await client(io, values).request<{ name: string; versionId: string | null }>('POST', '/api/v1/secrets', {
        name,
        ...(values.description ? { description: values.description } : {}),
        ...(values['kms-key'] ? { kmsKeyId: values['kms-key'] } : {}),
        ...(values.owner ? { owner: values.owner } : {}),
        ...value,
      });
      if (values.json) printJson(io, created);
      else println(io, `Created ${created.name}${created.versionId ? ` (version ${created.versionId})` : ''}`);
      return 0;
    },
  },
  {
    name: ['secrets', 'put'],
    summary: 'Store a new version of a secret from standard input (it becomes CURRENT)',
    help: `Usage: paved secrets put NAME [--binary] [--stage LABEL]... [--json]

The new version gets the CURRENT label (the old CURRENT becomes PREVIOUS) unless --stage names others.

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, binary: { type: 'boolean' }, stage: { type: 'string', multiple: true } });
      const name = one(positionals, 'paved secrets put NAME');
      const result = await client(io, values).request<{ versionId: string; versionStages: string[] }>('PUT', `${path(name)}/value`, {
        ...(await readValue(io, Boolean(values.binary))),
        ...(values.stage?.length ? { versionStages: values.stage } : {}),
      });
      if (values.json) printJson(io, result);
      else println(io, `Stored version ${result.versionId} of ${name} (${result.versionStages.join(', ')})`);
      return 0;
    },
  },
  {
    name: ['secrets', 'get'],
    summary: 'Print a secret value (CURRENT unless --version-stage/--version-id)',
    help: `Usage: paved secrets get NAME [--version-stage CURRENT|PREVIOUS|LABEL] [--version-id ID] [--json]

Prints the value as it is (binary values are written as raw bytes). --json prints the value with its
version id and labels. Every read is audited.

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, 'version-stage': { type: 'string' }, 'version-id': { type: 'string' } });
      const name = one(positionals, 'paved secrets get NAME');
      const query = new URLSearchParams();
      if (values['version-stage']) query.set('versionStage', values['version-stage']);
      if (values['version-id']) query.set('versionId', values['version-id']);
      const value = await client(io, values).request<SecretValue>('GET', `${path(name)}/value${query.size ? `?${query}` : ''}`);
      if (values.json) printJson(io, value);
      else if (value.secretBinary !== undefined) io.stdout.write(Buffer.from(value.secretBinary, 'base64'));
      else io.stdout.write(value.secretString + (io.isTTY ? '\n' : ''));
      return 0;
    },
  },
  {
    name: ['secrets', 'list'],
    summary: 'List secrets (names and metadata, never values)',
    help: `Usage: paved secrets list [--include-deleted] [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values } = parse(args, { ...server, 'include-deleted': { type: 'boolean' } }, { allowPositionals: false });
      const api = client(io, values);
      const items: SecretMetadata[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ limit: '500', ...(cursor ? { cursor } : {}), ...(values['include-deleted'] ? { includeDeleted: 'true' } : {}) });
        const page: { items: SecretMetadata[]; nextCursor: string | null } = await api.request('GET', `/api/v1/secrets?${q}`);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (values.json) printJson(io, items);
      else
        io.stdout.write(
          table(
            ['NAME', 'ROTATION', 'LAST ROTATED', 'STATE', 'DESCRIPTION'],
            items.map((s) => [s.name, s.rotationSchedule ?? (s.rotator ? 'on demand' : '-'), s.lastRotatedAt ?? '-', s.deletedDate ? `deleted (purge ${s.purgeDate})` : s.lastRotationError ? 'rotation failing' : 'ok', s.description]),
          ),
        );
      return 0;
    },
  },
  {
    name: ['secrets', 'describe'],
    summary: 'Show metadata, versions with labels and rotation state',
    help: `Usage: paved secrets describe NAME [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      const s = await client(io, values).request<SecretMetadata>('GET', path(one(positionals, 'paved secrets describe NAME')));
      if (values.json) return printJson(io, s), 0;
      println(io, `Name:          ${s.name}`);
      println(io, `Description:   ${s.description || '-'}`);
      println(io, `KMS key:       ${s.kmsKeyId}`);
      println(io, `Owner:         ${s.owner ?? '-'}`);
      println(io, `Tags:          ${Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(', ') || '-'}`);
      println(io, `Policy:        ${s.hasResourcePolicy ? 'yes' : 'no'}`);
      println(io, `Rotation:      ${s.rotator ? `${s.rotator} ${s.rotationSchedule ?? '(on demand)'}; next ${s.nextRotationAt ?? '-'}; last ${s.lastRotatedAt ?? '-'}` : 'off'}`);
      if (s.lastRotationError) println(io, `Last error:    ${s.lastRotationError}`);
      if (s.rotationInProgress) println(io, `In progress:   step ${s.rotationInProgress.step}, attempt ${s.rotationInProgress.attempts + 1}, next ${s.rotationInProgress.nextAttemptAt}`);
      if (s.deletedDate) println(io, `Deleted:       ${s.deletedDate} (purged ${s.purgeDate}; \`paved secrets restore\` to undo)`);
      println(io);
      io.stdout.write(table(['VERSION', 'LABELS', 'CREATED'], (s.versions ?? []).map((v) => [v.versionId, v.versionStages.join(',') || '-', v.createdAt])));
      return 0;
    },
  },
  {
    name: ['secrets', 'rotate'],
    summary: 'Rotate now, or configure rotation with --rotator/--schedule',
    help: `Usage: paved secrets rotate NAME [--rotator random-password|postgres|webhook] [--schedule 'rate(30 days)'|'cron(0 4 * * *)']
                            [--config JSON] [--json]

Without --rotator: starts a rotation now with the configured rotator. With --rotator: configures rotation
(and --schedule) and rotates immediately. The rotation runs in the background; \`paved secrets describe\`
shows its progress and the last error.

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, rotator: { type: 'string' }, schedule: { type: 'string' }, config: { type: 'string' } });
      const name = one(positionals, 'paved secrets rotate NAME');
      const api = client(io, values);
      let config: unknown = {};
      if (values.config) {
        try {
          config = JSON.parse(values.config);
        } catch {
          throw new UsageError('--config must be a JSON object, e.g. --config \'{"length": 40}\'');
        }
      }
      if (!values.rotator && (values.schedule || values.config)) throw new UsageError('--schedule and --config need --rotator');
      const result = values.rotator
        ? await api.request('PUT', `${path(name)}/rotation`, { rotator: values.rotator, ...(values.schedule ? { schedule: values.schedule } : {}), config, rotateImmediately: true })
        : await api.request('POST', `${path(name)}/rotate`);
      if (values.json) printJson(io, result);
      else println(io, `Rotation of ${name} started; see \`paved secrets describe ${name}\``);
      return 0;
    },
  },
  {
    name: ['secrets', 'delete'],
    summary: 'Delete a secret with a 7–30 day recovery window (default 30), or --force at once',
    help: `Usage: paved secrets delete NAME [--recovery-window-days 7..30] [--force] [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, 'recovery-window-days': { type: 'string' }, force: { type: 'boolean' } });
      const name = one(positionals, 'paved secrets delete NAME');
      const q = values.force ? '?forceDeleteWithoutRecovery=true' : values['recovery-window-days'] ? `?recoveryWindowInDays=${encodeURIComponent(values['recovery-window-days'])}` : '';
      const result = await client(io, values).request<SecretMetadata & { deleted?: boolean }>('DELETE', `${path(name)}${q}`);
      if (values.json) printJson(io, result);
      else println(io, result.deleted ? `Deleted ${name} permanently` : `Scheduled ${name} for deletion on ${result.purgeDate}; \`paved secrets restore ${name}\` undoes it until then`);
      return 0;
    },
  },
  {
    name: ['secrets', 'restore'],
    summary: 'Cancel the scheduled deletion of a secret',
    help: `Usage: paved secrets restore NAME [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      const name = one(positionals, 'paved secrets restore NAME');
      const result = await client(io, values).request('POST', `${path(name)}/restore`);
      if (values.json) printJson(io, result);
      else println(io, `Restored ${name}`);
      return 0;
    },
  },
];
