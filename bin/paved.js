#!/usr/bin/env node
// The installed `paved` command. It runs the compiled CLI; `npm start` and `npm test` build it first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('paved: not built yet. Run `npm run build` (or `npm start`) in the Paved checkout first.\n');
  process.exit(70);
}
await import(entry.href);
