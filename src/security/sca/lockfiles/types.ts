// What every lockfile parser implements. A parser reads one file (plus, where the format needs it, the
// manifest beside it) and returns one graph per project it describes (pnpm workspaces describe several).
import type { RawGraph } from '../graph.js';
import { LockfileError } from '../model.js';

export interface LockfileInput {
  /** The lockfile's text. */
  text: string;
  /** Its path relative to the scan root, for error messages. */
  file: string;
  /** The folder's name, the fallback component name. */
  folderName: string;
  /** Reads a file next to the lockfile (package.json, pyproject.toml, go.mod…); undefined when absent. */
  sibling(name: string): string | undefined;
}

export interface LockfileParser {
  format: string;
  /** File names this parser reads (exact base names). */
  fileNames: string[];
  parse(input: LockfileInput): RawGraph[];
}

/** JSON.parse with the file and line of a syntax error. */
export function parseJsonAt<T = unknown>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 0;
    throw new LockfileError(file, line, `invalid JSON: ${message.replace(/^.*?: /, '')}`);
  }
}




/** Narrows an unknown JSON value to an object, or throws a LockfileError naming the field. */
export function objectAt(value: unknown, file: string, field: string): Record<string, any> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new LockfileError(file, 0, `${field} must be an object`);
  return value as Record<string, any>;
}

/** The line of the first occurrence of `needle`, for pointing errors into a file. */
export function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 0 : text.slice(0, i).split('\n').length;
}

/** Narrows an unknown value to an array (absent → empty), or throws a LockfileError naming the field. */
export function arrayAt(value: unknown, file: string, field: string): any[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new LockfileError(file, 0, `${field} must be a list`);
  return value;
}
