// The version ordering of each ecosystem, by OSV ecosystem name.
import type { Ecosystem } from '../model.js';
import { composerOrdering } from './composer.js';
import { goOrdering } from './go.js';
import { mavenOrdering } from './maven.js';
import { nugetOrdering } from './nuget.js';
import { pep440Ordering } from './pep440.js';
import { rubygemsOrdering } from './rubygems.js';
import { semverOrdering } from './semver.js';
import type { VersionOrdering } from './types.js';

export type { VersionOrdering } from './types.js';

export const orderings: Record<Ecosystem, VersionOrdering> = {
  npm: semverOrdering,
  'crates.io': semverOrdering,
  Go: goOrdering,
  PyPI: pep440Ordering,
  RubyGems: rubygemsOrdering,
  Packagist: composerOrdering,
  NuGet: nugetOrdering,
  Maven: mavenOrdering,
};
