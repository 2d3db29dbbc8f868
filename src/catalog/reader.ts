// Reading location targets: local files and http(s) URLs. Kept small and strict: a size cap and a
// timeout, so one slow or huge source cannot stall the refresh loop.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../kernel/errors.js';

const MAX_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

export interface LocationSpec {
  /** `file` (a path on the server) or `url` (http/https). */
  type: 'file' | 'url';
  target: string;
}

/** Normalises what a user registers: `file:/x`, `file:///x`, `/x`, `http(s)://…`. */
export function normaliseLocation(type: string | undefined, target: string): LocationSpec {
  const t = target.trim();
  if (/^https?:\/\//i.test(t)) {
    if (type && type !== 'url') throw new InputError(`a ${type} location cannot have the URL target ${t}`, [{ path: 'body.type', message: 'use type url' }]);
    try {
      return { type: 'url', target: new URL(t).toString() };
    } catch {
      throw new InputError(`${t} is not a valid URL`, [{ path: 'body.target', message: 'invalid URL' }]);
    }
  }
  if (type && type !== 'file' && type !== 'url') throw new InputError(`unknown location type ${type}; use url or file`, [{ path: 'body.type', message: 'url or file' }]);
  let path = t;
  if (t.startsWith('file://')) path = decodeURIComponent(new URL(t).pathname);
  else if (t.startsWith('file:')) path = t.slice(5);
  if (!isAbsolute(path)) throw new InputError(`a file location needs an absolute path, not ${t}`, [{ path: 'body.target', message: 'absolute path required' }]);
  return { type: 'file', target: resolve(path) };
}

/** The key entities record in `backstage.io/managed-by-location`: `file:/abs/path` or `url:https://…`. */
export function locationKey(l: LocationSpec): string {
  return `${l.type}:${l.target}`;
}

export function parseLocationKey(key: string): LocationSpec | undefined {
  if (key.startsWith('file:')) return { type: 'file', target: key.slice(5) };
  if (key.startsWith('url:')) return { type: 'url', target: key.slice(4) };
  return undefined;
}

/** Reads a target (a path or an http(s) URL) as text. */
export async function readTarget(target: string): Promise<string> {
  if (/^https?:\/\//i.test(target)) {
    const response = await fetch(target, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
    if (!response.ok) throw new Error(`GET ${target} answered ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_BYTES) throw new Error(`${target} is larger than ${MAX_BYTES} bytes`);
    const text = await response.text();
    if (text.length > MAX_BYTES) throw new Error(`${target} is larger than ${MAX_BYTES} bytes`);
    return text;
  }
  const path = target.startsWith('file:') ? normaliseLocation('file', target).target : target;
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a file`);
  if (info.size > MAX_BYTES) throw new Error(`${path} is larger than ${MAX_BYTES} bytes`);
  return readFile(path, 'utf8');
}
