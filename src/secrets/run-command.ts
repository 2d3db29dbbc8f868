// `paved run --secret NAME=secret-id[:label] -- command …`: starts a command with secret values in its
// environment. Values go only to the child's environment: never to a file, the terminal or the log.
import { spawn } from 'node:child_process';
import { parse } from '../cli/args.js';
import { createClient } from '../cli/client.js';
import type { Command } from '../cli/command.js';
import { resolveCredentials } from '../cli/credentials.js';
import { UsageError } from '../kernel/errors.js';
import type { SecretValue } from './model.js';

/** `DB_PASSWORD=prod/db:PREVIOUS` → env name, secret name, label. Labels are upper-case words. */
export function parseSecretSpec(spec: string): { env: string; secret: string; label?: string } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=([^:]+)(?::([A-Za-z0-9_.-]+))?$/.exec(spec);
  if (!m) throw new UsageError(`--secret ${JSON.stringify(spec)} must look like ENV_NAME=secret-name[:LABEL]`);
  return { env: m[1]!, secret: m[2]!, label: m[3] };
}

export const commands: Command[] = [
  {
    name: ['run'],
    summary: 'Run a command with secrets in its environment',
    help: `Usage: paved run --secret ENV_NAME=secret-name[:LABEL] [--secret …] [--url URL] [--token TOKEN] -- command [args…]

Reads each secret (CURRENT unless a label such as PREVIOUS is given) and starts the command with
ENV_NAME set to the value. Binary values are passed base64-encoded. The command's exit code is
returned; standard input, output and error are the command's own.

Exit codes: the command's exit code; 2 usage error; 3 server error; 4 not signed in; 127 command not found.`,
    async run(args, io) {
      const dash = args.indexOf('--');
      if (dash < 0 || dash === args.length - 1) throw new UsageError('give the command after --, e.g. paved run --secret DB=prod/db -- ./server');
      const { values } = parse(args.slice(0, dash), { secret: { type: 'string', multiple: true }, url: { type: 'string' }, token: { type: 'string' } }, { allowPositionals: false });
      const specs = (values.secret ?? []).map(parseSecretSpec);
      if (!specs.length) throw new UsageError('name at least one --secret ENV_NAME=secret-name');
      const api = createClient(resolveCredentials(io.env, values));
      const env: NodeJS.ProcessEnv = { ...io.env };
      for (const s of specs) {
        const q = s.label ? `?versionStage=${encodeURIComponent(s.label)}` : '';
        const v = await api.request<SecretValue>('GET', `/api/v1/secrets/${encodeURIComponent(s.secret)}/value${q}`);
        env[s.env] = v.secretString ?? v.secretBinary ?? '';
      }
      const [command, ...rest] = args.slice(dash + 1);
      return new Promise<number>((resolve) => {
        const child = spawn(command!, rest, { env, cwd: io.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        io.stdin.pipe(child.stdin!).on('error', () => undefined);
        child.stdout!.pipe(io.stdout, { end: false });
        child.stderr!.pipe(io.stderr, { end: false });
        child.on('error', (error) => {
          io.stderr.write(`paved run: cannot start ${command}: ${error.message}\n`);
          resolve(127);
        });
        child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
      });
    },
  },
];
