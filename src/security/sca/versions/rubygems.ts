// RubyGems: Gem::Version. Segments split on dots and at digit/letter changes ("1.0.b1" → 1,0,"b",1);
// a letter segment makes a prerelease, which sorts below any number; trailing zeros do not count.
import { orderingFrom, VersionError } from './types.js';

type Seg = number | string;

export function parseGemVersion(v: string): Seg[] {
  const s = v.trim();
  if (!/^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/.test(s)) throw new VersionError(`not a gem version: ${JSON.stringify(v)}`);
  const segs: Seg[] = (s.replace(/-/g, '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((x) => (/^\d/.test(x) ? Number(x) : x));
  // canonical_segments: trailing zeros dropped from the numeric part and from the prerelease part.
  const firstString = segs.findIndex((x) => typeof x === 'string');
  const numeric = firstString < 0 ? segs : segs.slice(0, firstString);
  const rest = firstString < 0 ? [] : segs.slice(firstString);
  const trim = (l: Seg[]) => {
    while (l.length && l[l.length - 1] === 0) l.pop();
    return l;
  };
  return [...trim([...numeric]), ...trim([...rest])];
}

export function compareGem(a: Seg[], b: Seg[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'string' && typeof y === 'number') return -1;
    if (typeof x === 'number' && typeof y === 'string') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export const rubygemsOrdering = orderingFrom(parseGemVersion, compareGem);
