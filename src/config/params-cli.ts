// `paved params put|get|get-by-path|history|label|delete`: the parameter store from the command line.
// put reads the value from standard input (SecureStrings never reach shell history).
import { parse, readAll } from '../cli/args.js';
import { createClient } from '../cli/client.js';
import type { Command, CommandIO } from '../cli/command.js';
import { resolveCredentials } from '../cli/credentials.js';
import { printJson, println, table } from '../cli/output.js';
import { UsageError } from '../kernel/errors.js';
import type { Parameter } from './parameters-model.js';

const server = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } } as const;
const EXIT = 'Exit codes: 0 ok; 2 usage error; 3 server error (including not found); 4 not signed in.';
const api = (io: CommandIO, v: { url?: string; token?: string }) => createClient(resolveCredentials(io.env, v));
const nameQ = (name: string) => `name=${encodeURIComponent(name)}`;

function one(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one parameter name: ${usage}`);
  return positionals[0]!;
}

export const commands: Command[] = [
  {
    name: ['params', 'put'],
    summary: 'Create a parameter or add a version; the value is read from standard input',
    help: `Usage: paved params put NAME [--type String|StringList|SecureString] [--description T] [--kms-key KEY]
                        [--owner GROUP] [--overwrite] [--expires-at ISO-DATE] [--notify-before-days N] [--json]

NAME is a path like /app/prod/db-url. One trailing newline of the input is dropped.
--overwrite is needed to add a version to an existing parameter.

${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, type: { type: 'string' }, description: { type: 'string' }, 'kms-key': { type: 'string' }, owner: { type: 'string' }, overwrite: { type: 'boolean' }, 'expires-at': { type: 'string' }, 'notify-before-days': { type: 'string' } });
      const name = one(positionals, 'paved params put NAME');
      if (values.type && !['String', 'StringList', 'SecureString'].includes(values.type)) throw new UsageError('--type must be String, StringList or SecureString');
      const value = (await readAll(io.stdin)).toString('utf8').replace(/\r?\n$/, '');
      if (!value) throw new UsageError('the value is read from standard input, which was empty');
      const result = await api(io, values).request<{ name: string; version: number }>('PUT', `/api/v1/params?${nameQ(name)}`, {
        value,
        overwrite: Boolean(values.overwrite),
        ...(values.type ? { type: values.type } : {}),
        ...(values.description ? { description: values.description } : {}),
        ...(values['kms-key'] ? { kmsKeyId: values['kms-key'] } : {}),
        ...(values.owner ? { owner: values.owner } : {}),
        ...(values['expires-at'] ? { expiresAt: values['expires-at'] } : {}),
        ...(values['notify-before-days'] ? { notifyBeforeDays: Number(values['notify-before-days']) } : {}),
      });
      if (values.json) printJson(io, result);
      else println(io, `Stored ${result.name} version ${result.version}`);
      return 0;
    },
  },
  {
    name: ['params', 'get'],
    summary: 'Print a parameter value (SecureStrings are decrypted unless --no-decrypt)',
    help: `Usage: paved params get NAME [--version N | --label L] [--no-decrypt] [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, version: { type: 'string' }, label: { type: 'string' }, 'no-decrypt': { type: 'boolean' } });
      const name = one(positionals, 'paved params get NAME');
      const q = [nameQ(name), values['no-decrypt'] ? '' : 'withDecryption=true', values.version ? `version=${encodeURIComponent(values.version)}` : '', values.label ? `label=${encodeURIComponent(values.label)}` : ''].filter(Boolean).join('&');
      const p = await api(io, values).request<Parameter>('GET', `/api/v1/params?${q}`);
      if (values.json) printJson(io, p);
      else println(io, p.value ?? '(encrypted)');
      return 0;
    },
  },
  {
    name: ['params', 'get-by-path'],
    summary: 'List parameters under a path with their values',
    help: `Usage: paved params get-by-path PATH [--recursive] [--no-decrypt] [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, recursive: { type: 'boolean' }, 'no-decrypt': { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError('expected one path: paved params get-by-path /app/prod');
      const q = new URLSearchParams({ path: positionals[0]!, ...(values.recursive ? { recursive: 'true' } : {}), ...(values['no-decrypt'] ? {} : { withDecryption: 'true' }) });
      const { items } = await api(io, values).request<{ items: Parameter[] }>('GET', `/api/v1/params/by-path?${q}`);
      if (values.json) printJson(io, items);
      else io.stdout.write(table(['NAME', 'TYPE', 'VERSION', 'VALUE'], items.map((p) => [p.name, p.type, String(p.version), p.value ?? '(encrypted)'])));
      return 0;
    },
  },
  {
    name: ['params', 'history'],
    summary: 'Show every version of a parameter with labels',
    help: `Usage: paved params history NAME [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      const { items } = await api(io, values).request<{ items: Array<Parameter & { modifiedBy: string }> }>('GET', `/api/v1/params/history?${nameQ(one(positionals, 'paved params history NAME'))}`);
      if (values.json) printJson(io, items);
      else io.stdout.write(table(['VERSION', 'LABELS', 'MODIFIED', 'BY', 'VALUE'], items.map((p) => [String(p.version), p.labels.join(',') || '-', p.lastModifiedDate, p.modifiedBy, p.value ?? '(encrypted)'])));
      return 0;
    },
  },
  {
    name: ['params', 'label'],
    summary: 'Attach labels to a version (current by default)',
    help: `Usage: paved params label NAME LABEL... [--version N] [--json]\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...server, version: { type: 'string' } });
      if (positionals.length < 2) throw new UsageError('usage: paved params label NAME LABEL...');
      const [name, ...labels] = positionals;
      const result = await api(io, values).request<{ version: number }>('POST', `/api/v1/params/labels?${nameQ(name!)}`, { labels, ...(values.version ? { version: Number(values.version) } : {}) });
      if (values.json) printJson(io, result);
      else println(io, `Labelled version ${result.version} of ${name}: ${labels.join(', ')}`);
      return 0;
    },
  },
  {
    name: ['params', 'delete'],
    summary: 'Delete a parameter and its history',
    help: `Usage: paved params delete NAME\n\n${EXIT}`,
    async run(args, io) {
      const { values, positionals } = parse(args, server);
      const name = one(positionals, 'paved params delete NAME');
      await api(io, values).request('DELETE', `/api/v1/params?${nameQ(name)}`);
      println(io, `Deleted ${name}`);
      return 0;
    },
  },
];
