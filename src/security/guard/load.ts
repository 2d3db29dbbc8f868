// Finds and reads rules files and data files from the paths given on the command line (files or
// directories, as cfn-guard accepts), turning unreadable or unparsable input into typed errors.
import { readFile, stat } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { walkFiles } from '../files.js';
import type { RulesFile } from './ast.js';
import { DataParseError, parseData } from './data.js';
import { parseRules } from './parser.js';
import type { GValue } from './values.js';

export const rulesExtensions = ['.guard', '.ruleset'];
export const dataExtensions = ['.json', '.yaml', '.yml', '.template', '.jsn'];

export class InputNotFound extends Error {}

/** Expands files and directories into a sorted list of files with one of the extensions. */
export async function expandPaths(paths: string[], extensions: string[]): Promise<Array<{ path: string; name: string }>> {
  const out: Array<{ path: string; name: string }> = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new InputNotFound(`${p}: no such file or directory`);
    }
    if (s.isFile()) {
      out.push({ path: p, name: basename(p) });
      continue;
    }
    for await (const f of walkFiles(p, { accept: (rel) => extensions.some((e) => rel.toLowerCase().endsWith(e)) })) {
      // cfn-guard's --dir convention keeps tests under tests/: they are not data.
      out.push({ path: f.path, name: relative(p, f.path).split('\\').join('/') });
    }
  }
  return out;
}

export interface LoadedRules {
  name: string;
  path: string;
  rules: RulesFile;
}

export async function loadRules(paths: string[]): Promise<LoadedRules[]> {
  const files = await expandPaths(paths, rulesExtensions);
  const out: LoadedRules[] = [];
  for (const f of files) {
    const text = await readFile(f.path, 'utf8');
    out.push({ name: f.name, path: f.path, rules: parseRules(text, f.path) }); // GuardParseError propagates
  }
  return out;
}

export interface LoadedData {
  name: string;
  path: string;
  value: GValue;
}

export async function loadData(paths: string[]): Promise<LoadedData[]> {
  const files = await expandPaths(paths, dataExtensions);
  const out: LoadedData[] = [];
  for (const f of files) {
    const text = await readFile(f.path, 'utf8');
    out.push({ name: f.name, path: f.path, value: parseData(text, f.path) });
  }
  return out;
}

export { DataParseError };
