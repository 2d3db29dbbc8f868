// NuGet: SemVer 2.0 extended to four numeric parts (1.0 = 1.0.0 = 1.0.0.0); prerelease labels compare
// case-insensitively, numeric labels as numbers; build metadata is ignored.
import { orderingFrom, VersionError } from './types.js';

interface NugetVersion {
  parts: number[];
  pre: string[];
}

export function parseNuget(v: string): NugetVersion {
  const m = /^v?(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) throw new VersionError(`not a NuGet version: ${JSON.stringify(v)}`);
  const parts = m[1]!.split('.').map(Number);
  while (parts.length < 4) parts.push(0);
  return { parts, pre: m[2] ? m[2].toLowerCase().split('.') : [] };
}

export function compareNuget(a: NugetVersion, b: NugetVersion): number {
  for (let i = 0; i < 4; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!;
  if (!a.pre.length || !b.pre.length) return b.pre.length - a.pre.length; // a release beats its prereleases
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export const nugetOrdering = orderingFrom(parseNuget, compareNuget);
