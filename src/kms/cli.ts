// `paved kms …`: administer keys and use them from the command line. encrypt/decrypt read standard
// input and write standard output, so data never sits in shell history.
import { parse, readAll } from '../cli/args.js';
import { createClient } from '../cli/client.js';
import type { Command, CommandIO } from '../cli/command.js';
import { resolveCredentials } from '../cli/credentials.js';
import { printJson, println, table } from '../cli/output.js';
import { UsageError } from '../kernel/errors.js';
import type { KeyMetadata } from './model.js';

const server = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } } as const;
const EXIT = 'Exit codes: 0 ok; 2 usage error; 3 server error (not found, key disabled); 4 not signed in.';
const api = (io: CommandIO, v: { url?: string; token?: string }) => createClient(resolveCredentials(io.env, v));
const keyPath = (key: string) => `/api/v1/kms/keys/${encodeURIComponent(key)}`;

function one(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one key id or alias: ${usage}`);
  return positionals[0]!;
}

function show(io: CommandIO, json: boolean | undefined, k: KeyMetadata): number {
  if (json) printJson(io, k);
  else println(io, `${k.keyId}  ${k.keySpec}  ${k.keyState}  version ${k.currentVersion}${k.aliases.length ? `  ${k.aliases.join(', ')}` : ''}${k.deletionDate ? `  deleted on ${k.deletionDate}` : ''}`);
  return 0;
}

/** Commands that change a key and print it: rotate, enable, disable, cancel-deletion. */
const keyAction = (word: string, summary: string, method: string, path: string, body?: unknown): Command => ({
  name: ['kms', word],
  summary,
  help: `Usage: paved kms ${word} KEY [--json]\n\nKEY is a key id (key_…) or an alias (alias/…).\n\n${EXIT}`,
  async run(args, io) {
    const { values, positionals } = parse(args, server);
    const key = one(positionals, `paved kms ${word} KEY`);
    return show(io, values.json, await api(io, values).request<KeyMetadata>(method, `${keyPath(key)}${path}`, body));
  },
});

export const commands: Command[] = [
  {
    name: ['kms', 'create-key'],
    summary: 'Create a key (symmetric by default; --key-spec ED25519 or ECC_NIST_P256 for signing)',
    help: `Usage: paved kms create-key [--key-spec SYMMETRIC_DEFAULT|ED25519|ECC_NIST_P256] [--alias alias/NAME]
                          [--description TEXT] [--owner GROUP] [--rotation-days N] [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values } = parse(args, { ...server, 'key-spec': { type: 'string' }, alias: { type: 'string' }, description: { type: 'string' }, owner: { type: 'string' }, 'rotation-days': { type: 'string' } }, { allowPositionals: false });
      const body = {
        ...(values['key-spec'] ? { keySpec: values['key-spec'] } : {}),
        ...(values.alias ? { alias: values.alias } : {}),
        ...(values.description ? { description: values.description } : {}),
        ...(values.owner ? { owner: values.owner } : {}),
        ...(values['rotation-days'] ? { rotationPeriodDays: Number(values['rotation-days']) } : {}),
      };
      return show(io, values.json, await api(io, values).request<KeyMetadata>('POST', '/api/v1/kms/keys', body));
    },
  },
  {
    name: ['kms', 'list'],
    summary: 'List keys',
    help: `Usage: paved kms list [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values } = parse(args, server, { allowPositionals: false });
      const { items } = await api(io, values).request<{ items: KeyMetadata[] }>('GET', '/api/v1/kms/keys?limit=500');
      if (values.json) printJson(io, items);
      else io.stdout.write(table(['KEY', 'SPEC', 'STATE', 'VERSION', 'ALIASES', 'OWNER'], items.map((k) => [k.keyId, k.keySpec, k.keyState, String(k.currentVersion), k.aliases.join(',') || '-', k.owner ?? '-'])));
      return 0;
    },
  },
  keyAction('describe', 'Show a key', 'GET', ''),
  keyAction('rotate', 'Rotate a key now (new version; old versions still decrypt)', 'POST', '/rotate'),
  keyAction('enable', 'Enable a key', 'PATCH', '', { enabled: true }),
  keyAction('disable', 'Disable a key (every use fails until enabled)', 'PATCH', '', { enabled: false }),
  keyAction('cancel-deletion', 'Cancel a scheduled deletion (the key stays disabled)', 'POST', '/cancel-deletion'),
  {
    name: ['kms', 'schedule-deletion'],
    summary: 'Schedule deletion of a key after a 7–30 day window',
    help: `Usage: paved kms schedule-deletion KEY [--days 7..30] [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, days: { type: 'string' } });
      const key = one(positionals, 'paved kms schedule-deletion KEY');
      return show(io, values.json, await api(io, values).request<KeyMetadata>('POST', `${keyPath(key)}/schedule-deletion`, { pendingWindowInDays: Number(values.days ?? 30) }));
    },
  },
  {
    name: ['kms', 'encrypt'],
    summary: 'Encrypt standard input (≤ 4 KiB) and print the base64 ciphertext blob',
    help: `Usage: paved kms encrypt KEY [--context k=v]...\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, context: { type: 'string', multiple: true } });
      const key = one(positionals, 'paved kms encrypt KEY');
      const r = await api(io, values).request<{ ciphertextBlob: string }>('POST', `${keyPath(key)}/encrypt`, { plaintext: (await readAll(io.stdin)).toString('base64'), encryptionContext: context(values.context) });
      println(io, r.ciphertextBlob);
      return 0;
    },
  },
  {
    name: ['kms', 'decrypt'],
    summary: 'Decrypt a base64 ciphertext blob from standard input and write the plaintext',
    help: `Usage: paved kms decrypt [--context k=v]...\n\n${EXIT}`,
    async run(args, io) {
      const { values } = parse(args, { ...server, context: { type: 'string', multiple: true } }, { allowPositionals: false });
      const blob = (await readAll(io.stdin)).toString('utf8').trim();
      const r = await api(io, values).request<{ plaintext: string }>('POST', '/api/v1/kms/decrypt', { ciphertextBlob: blob, encryptionContext: context(values.context) });
      io.stdout.write(Buffer.from(r.plaintext, 'base64'));
      return 0;
    },
  },
];

function context(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  return Object.fromEntries(
    pairs.map((p) => {
      const eq = p.indexOf('=');
      if (eq < 1) throw new UsageError(`--context ${JSON.stringify(p)} must look like key=value`);
      return [p.slice(0, eq), p.slice(eq + 1)];
    }),
  );
}
