#!/usr/bin/env node
// Makes a checkout ready to run: installs dependencies when they are missing or differ from the lockfile,
// and (with --build) compiles when any source is newer than the last build. Uses only Node built-ins,
// because it runs before anything is installed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function dependenciesAreCurrent() {
  const lockPath = join(root, 'package-lock.json');
  const hiddenPath = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(lockPath) || !existsSync(hiddenPath)) return false;
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(hiddenPath, 'utf8')).packages ?? {};
  for (const [path, entry] of Object.entries(lock)) {
    if (path === '' || entry.optional || entry.link) continue;
    if (installed[path]?.version !== entry.version) return false;
  }
  return true;
}

function newestSourceTime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  const stamp = join(root, 'dist', '.build-stamp');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  const inputs = ['src', 'web', 'bench', 'templates'].map((d) => newestSourceTime(join(root, d)));
  for (const f of ['tsconfig.json', 'package-lock.json']) {
    if (existsSync(join(root, f))) inputs.push(statSync(join(root, f)).mtimeMs);
  }
  return Math.max(...inputs) <= built;
}

if (!dependenciesAreCurrent()) {
  console.error('paved: installing dependencies (npm ci)…');
  const install = (args) => execFileSync(npm, [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  try {
    // Exactly the locked versions when the lockfile is complete…
    install(existsSync(join(root, 'package-lock.json')) ? ['ci'] : ['install']);
  } catch {
    // …and `npm install` (which still honours the locked versions) when npm ci refuses a lockfile that
    // lacks entries for other platforms' optional native packages.
    console.error('paved: npm ci refused the lockfile; installing with npm install instead');
    install(['install']);
  }
}

if (process.argv.includes('--build') && !buildIsCurrent()) {
  console.error('paved: building…');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
