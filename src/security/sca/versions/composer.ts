// Packagist: Composer compares normalised versions with PHP's version_compare rules:
// dev < alpha = a < beta = b < RC = rc < (release) < patch = pl = p. Branch versions (dev-main) have no order.
import { orderingFrom, VersionError } from './types.js';

const special: Record<string, number> = { dev: 0, alpha: 1, a: 1, beta: 2, b: 2, rc: 3, '#': 4, pl: 5, p: 5, patch: 5 };

export function parseComposerVersion(v: string): string[] {
  const s = v.trim().toLowerCase().replace(/^v/, '');
  if (!/^\d/.test(s) || /^dev-|\.x-dev$/.test(s)) throw new VersionError(`not an orderable Composer version: ${JSON.stringify(v)}`);
  // version_compare canonicalisation: separators become dots, dots between digit/letter changes.
  return s
    .replace(/[-_+]/g, '.')
    .replace(/(\d)([a-z])/g, '$1.$2')
    .replace(/([a-z])(\d)/g, '$1.$2')
    .split('.')
    .filter(Boolean);
}

const rank = (part: string) => special[part] ?? -1; // unknown words sort below dev, as in PHP

export function compareComposer(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const xn = x !== undefined && /^\d+$/.test(x);
    const yn = y !== undefined && /^\d+$/.test(y);
    if (x === undefined) return yn ? -1 : rank('#') - rank(y!) < 0 ? -1 : 1;
    if (y === undefined) return xn ? 1 : rank(x) - rank('#') < 0 ? -1 : 1;
    if (xn && yn) return Number(x) - Number(y) || 0;
    const r = rank(xn ? '#' : x) - rank(yn ? '#' : y);
    if (r !== 0) return r;
  }
  return 0;
}

export const composerOrdering = orderingFrom(parseComposerVersion, compareComposer);
