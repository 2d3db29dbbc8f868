// Pattern algebra for IAM wildcards (`*` any run of characters, `?` exactly one). Both questions the
// checks ask are decidable for such simple globs:
//   intersects(p, q)  is there a string both match?            (dynamic programming over both patterns)
//   subsumes(p, q)    does p match every string q matches?     (p matched against q's symbols)
// subsumes() is sound (true only when inclusion holds) and exact when the specific side is a plain
// string; with wildcards on both sides it can miss an inclusion whose wildcards do not line up
// (`*a` ⊆ `?*`) — a miss makes a check FAIL with a reason, never PASS. Runs of wildcards are
// canonicalised first (`*?` → `?*`) so the usual shapes line up.
export interface GlobOptions {
  /** Actions compare case-insensitively; ARNs case-sensitively. */
  ignoreCase?: boolean;
}

/** Rewrites each run of wildcards as its `?`s followed by one `*` (same language, canonical shape). */
export function canonical(pattern: string): string {
  return pattern.replace(/[*?]{2,}/g, (run) => '?'.repeat(run.split('').filter((c) => c === '?').length) + (run.includes('*') ? '*' : ''));
}

const fold = (s: string, o: GlobOptions) => (o.ignoreCase ? s.toLowerCase() : s);

export function globMatch(pattern: string, text: string, o: GlobOptions = {}): boolean {
  const p = fold(pattern, o);
  const t = fold(text, o);
  // Iterative wildcard match with backtracking to the last star: O(|p|·|t|) worst case.
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < t.length) {
    if (i < p.length && (p[i] === '?' || p[i] === t[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

export function intersects(pattern1: string, pattern2: string, o: GlobOptions = {}): boolean {
  const p = canonical(fold(pattern1, o));
  const q = canonical(fold(pattern2, o));
  const memo = new Map<number, boolean>();
  const f = (i: number, j: number): boolean => {
    const key = i * (q.length + 1) + j;
    const m = memo.get(key);
    if (m !== undefined) return m;
    let r: boolean;
    if (i === p.length && j === q.length) r = true;
    else if (i < p.length && p[i] === '*') r = f(i + 1, j) || (j < q.length && f(i, j + 1));
    else if (j < q.length && q[j] === '*') r = f(i, j + 1) || (i < p.length && f(i + 1, j));
    else if (i < p.length && j < q.length) r = (p[i] === '?' || q[j] === '?' || p[i] === q[j]) && f(i + 1, j + 1);
    else r = false;
    memo.set(key, r);
    return r;
  };
  return f(0, 0);
}

export function subsumes(general: string, specific: string, o: GlobOptions = {}): boolean {
  const p = canonical(fold(general, o));
  const q = canonical(fold(specific, o));
  const memo = new Map<number, boolean>();
  const f = (i: number, j: number): boolean => {
    const key = i * (q.length + 1) + j;
    const m = memo.get(key);
    if (m !== undefined) return m;
    let r: boolean;
    if (i === p.length) r = j === q.length;
    else if (p[i] === '*') r = f(i + 1, j) || (j < q.length && f(i, j + 1));
    else if (j === q.length) r = false;
    else if (p[i] === '?') r = q[j] !== '*' && f(i + 1, j + 1); // q's * may stand for several characters
    else r = q[j] === p[i] && f(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return f(0, 0);
}
