import type { Command } from './command.js';
import { parse } from './args.js';
import { printJson, println } from './output.js';
import { pavedVersion } from './version.js';

export const commands: Command[] = [
  {
    name: ['version'],
    summary: 'Print the Paved version',
    help: `Usage: paved version [--json]

Prints the version of this Paved program and of Node.js.

Exit codes: 0 always.`,
    async run(args, io) {
      const { values } = parse(args, { json: { type: 'boolean' } });
      const info = { paved: pavedVersion(), node: process.versions.node };
      if (values.json) printJson(io, info);
      else println(io, `paved ${info.paved} (node ${info.node})`);
      return 0;
    },
  },
];
