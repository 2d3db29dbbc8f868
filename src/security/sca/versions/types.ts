// One version ordering per ecosystem. `compare` throws VersionError for a version the ecosystem would not
// accept, so the matcher can say which version it could not place instead of guessing.
export class VersionError extends Error {}

export interface VersionOrdering {
  /** Negative, zero or positive like Array.prototype.sort's comparator. */
  compare(a: string, b: string): number;
  /** False when the version cannot be ordered (a branch name, a malformed string). */
  valid(version: string): boolean;
}

export function orderingFrom(parse: (v: string) => unknown, cmp: (a: any, b: any) => number): VersionOrdering {
  // Parsed versions are cached: matching compares the same few versions many times.
  const cache = new Map<string, unknown>();
  const get = (v: string) => {
    let p = cache.get(v);
    if (p === undefined) {
      p = parse(v);
      if (cache.size > 200_000) cache.clear();
      cache.set(v, p);
    }
    return p;
  };
  return {
    compare: (a, b) => (a === b ? 0 : cmp(get(a), get(b))),
    valid: (v) => {
      try {
        get(v);
        return true;
      } catch {
        return false;
      }
    },
  };
}
