#!/usr/bin/env node
// `npm start`: install what is missing, build what changed, then run `paved server` in the foreground.
import { execFileSync, spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'ensure.mjs'), '--build'], { cwd: root, stdio: 'inherit' });

const child = spawn(process.execPath, [join(root, 'bin', 'paved.js'), 'server', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
