// Cursor pagination shared by list endpoints: the cursor is an opaque base64url token holding the
// sort key of the last item returned, so pages stay stable while rows are added.
import { z } from 'zod';
import { InputError } from './errors.js';

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new InputError('the cursor is not one this server issued', [{ path: 'query.cursor', message: 'invalid cursor' }]);
}

export const isString = (v: unknown): v is string => typeof v === 'string';

/** Reads `If-Match: "3"` (or W/"3") into an expected version; undefined when absent. */
export function expectedVersion(ifMatch: string | string[] | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const raw = Array.isArray(ifMatch) ? ifMatch[0]! : ifMatch;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(raw.trim());
  if (!match) throw new InputError('If-Match must be an ETag this server returned, like "3"', [{ path: 'header.if-match', message: 'invalid' }]);
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}
