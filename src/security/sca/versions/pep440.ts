// PyPI: PEP 440 ordering. Spelling variants are normalised (alpha → a, c/pre/preview → rc, rev/r → post,
// `1.0-1` → post 1, `_`/`-`/`.` separators); dev releases sort before pre-releases of the same release,
// post-releases after it, and a local label (+ubuntu1) after the plain version.
import { orderingFrom, VersionError } from './types.js';

const pattern =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:(?:-(\d+))|(?:[-_.]?(post|rev|r)[-_.]?(\d+)?))?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;

type Key = [number, number[], number[], number, number, Array<number | string>];

export function parsePep440(v: string): Key {
  const m = pattern.exec(v.trim().toLowerCase());
  if (!m) throw new VersionError(`not a PEP 440 version: ${JSON.stringify(v)}`);
  const release = m[2]!.split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const phase = m[3] ? ({ a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 } as Record<string, number>)[m[3]]! : undefined;
  const hasPost = m[5] !== undefined || m[6] !== undefined;
  const post = hasPost ? Number(m[5] ?? m[7] ?? 0) : -1;
  const dev = m[8] ? Number(m[9] ?? 0) : Infinity;
  // A dev release with no pre or post sorts before every pre-release of its release.
  const pre = phase !== undefined ? [phase, Number(m[4] ?? 0)] : !hasPost && m[8] ? [-1] : [3];
  const local = m[10] ? m[10].split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
  return [Number(m[1] ?? 0), release, pre, post, dev, local];
}

function cmpList(a: Array<number | string>, b: Array<number | string>, pad: number | undefined): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? pad;
    const y = b[i] ?? pad;
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    // Local labels: numbers sort after strings.
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function comparePep440(a: Key, b: Key): number {
  return (
    a[0] - b[0] ||
    cmpList(a[1], b[1], 0) ||
    cmpList(a[2], b[2], undefined) ||
    a[3] - b[3] ||
    (a[4] === b[4] ? 0 : a[4] < b[4] ? -1 : 1) ||
    cmpList(a[5], b[5], undefined)
  );
}

export const pep440Ordering = orderingFrom(parsePep440, comparePep440);
