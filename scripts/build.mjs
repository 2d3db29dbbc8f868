#!/usr/bin/env node
// Compiles the TypeScript (tsc), copies the non-TypeScript files the server reads at run time
// (SQL migrations, rule data, templates), and builds the web portal when it exists.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

rmSync(join(root, 'dist', '.build-stamp'), { force: true });
execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });

// Run-time assets live beside the code that reads them; tests' fixtures stay behind.
cpSync(join(root, 'src'), join(root, 'dist', 'src'), {
  recursive: true,
  filter: (src) => !src.includes(`${'/'}fixtures`) && (extname(src) === '' || !['.ts', '.tsx'].includes(extname(src))),
});

if (existsSync(join(root, 'web', 'index.html'))) {
  execFileSync(bin('vite'), ['build', '--config', join(root, 'web', 'vite.config.ts')], { cwd: root, stdio: 'inherit' });
}

mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', '.build-stamp'), new Date().toISOString() + '\n');
