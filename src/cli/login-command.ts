// `paved login` and `paved whoami`.
import type { Command } from './command.js';
import { parse } from './args.js';
import { createClient } from './client.js';
import { resolveCredentials, saveCredentials } from './credentials.js';
import { printJson, println } from './output.js';
import { UsageError } from '../kernel/errors.js';

interface WhoAmI {
  type: string;
  id: string;
  name: string;
  groups: string[];
}

const serverOptions = { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } } as const;

export const commands: Command[] = [
  {
    name: ['login'],
    summary: 'Save the server URL and an API token for later commands',
    help: `Usage: paved login --url URL --token TOKEN [--json]

Checks the token against the server, then saves both in $XDG_CONFIG_HOME/paved/credentials.json
(~/.config/paved by default) with mode 0600. Later commands use them unless --url/--token or
PAVED_URL/PAVED_TOKEN say otherwise.

Exit codes: 0 saved; 2 usage error; 3 server unreachable or failed; 4 the token was refused.`,
    async run(args, io) {
      const { values } = parse(args, serverOptions, { allowPositionals: false });
      const url = values.url ?? io.env.PAVED_URL;
      const token = values.token ?? io.env.PAVED_TOKEN;
      if (!url || !token) throw new UsageError('paved login needs --url and --token');
      const credentials = { url: url.replace(/\/+$/, ''), token };
      const me = await createClient(credentials).request<WhoAmI>('GET', '/api/v1/iam/whoami');
      const path = saveCredentials(io.env, credentials);
      if (values.json) printJson(io, { ...me, url: credentials.url, saved: path });
      else println(io, `Signed in to ${credentials.url} as ${me.type}:${me.name}. Saved to ${path}.`);
      return 0;
    },
  },
  {
    name: ['whoami'],
    summary: 'Show who the current credentials belong to',
    help: `Usage: paved whoami [--url URL] [--token TOKEN] [--json]

Exit codes: 0 ok; 3 server error; 4 not signed in or token refused.`,
    async run(args, io) {
      const { values } = parse(args, serverOptions, { allowPositionals: false });
      const credentials = resolveCredentials(io.env, values);
      const me = await createClient(credentials).request<WhoAmI>('GET', '/api/v1/iam/whoami');
      if (values.json) printJson(io, { ...me, url: credentials.url });
      else println(io, `${me.type}:${me.name} at ${credentials.url}${me.groups.length ? ` (groups: ${me.groups.join(', ')})` : ''}`);
      return 0;
    },
  },
];
