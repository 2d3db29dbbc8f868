// Go modules: semantic versions with a `v` prefix (OSV events omit it), `+incompatible` for pre-module
// major versions, and pseudo-versions (v0.0.0-20191109021931-daa7c04131f5), which are semver prereleases
// and so sort below the release they precede — exactly Go's own rule.
import { orderingFrom } from './types.js';
import { parseSemver } from './semver.js';

export const goOrdering = orderingFrom(
  (v: string) => parseSemver(v.replace(/^v/, '').replace(/\+incompatible$/, '')),
  (a, b) => a.compare(b),
);
