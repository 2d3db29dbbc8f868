// npm and crates.io: Semantic Versioning 2.0 via the `semver` package npm itself uses
// (prereleases sort before their release, build metadata is ignored).
import semver from 'semver';
import { orderingFrom, VersionError } from './types.js';

export function parseSemver(v: string): semver.SemVer {
  const parsed = semver.parse(v.trim(), { loose: true });
  if (!parsed) throw new VersionError(`not a semantic version: ${JSON.stringify(v)}`);
  return parsed;
}

export const semverOrdering = orderingFrom(parseSemver, (a: semver.SemVer, b: semver.SemVer) => a.compare(b));
