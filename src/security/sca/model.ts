// The dependency model every lockfile parser produces and every SBOM writer and matcher consumes.
// Glossary:
//   component  one project found by one lockfile (a monorepo has several); the SBOM's tree roots
//   package    one resolved dependency (name@version) inside a component
//   direct     the component itself declares the dependency (not only reached through another package)
//   scope      runtime unless only reachable through dev (or optional) edges from the component
//   path       names from the component down to the package: `app > a > b`
//   ecosystem  OSV's spelling: npm, PyPI, Go, crates.io, RubyGems, Packagist, NuGet, Maven
import { InputError } from '../../kernel/errors.js';

export const ecosystems = ['npm', 'PyPI', 'Go', 'crates.io', 'RubyGems', 'Packagist', 'NuGet', 'Maven'] as const;
export type Ecosystem = (typeof ecosystems)[number];

export type Scope = 'runtime' | 'dev' | 'optional';

export interface Hash {
  /** CycloneDX spelling: SHA-1, SHA-256, SHA-384, SHA-512, MD5. */
  alg: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5';
  /** Lower-case hex. */
  content: string;
}

export interface Package {
  /** Unique within its component (name@version, or name@version + a suffix for duplicates). */
  id: string;
  ecosystem: Ecosystem;
  name: string;
  version: string;
  purl: string;
  direct: boolean;
  scope: Scope;
  /** Up to `maxPathsPerPackage` shortest paths of package names from the component (component name first). */
  paths: string[][];
  hashes: Hash[];
  /** SPDX licence expression when the lockfile records one. */
  license?: string;
  /** ids of the packages this one depends on (within the component). */
  dependencies: string[];
}

export interface Component {
  /** Lockfile path relative to the scan root, forward slashes. */
  lockfile: string;
  /** Parser that read it: `package-lock`, `yarn-classic`, `cargo`, … */
  format: string;
  ecosystem: Ecosystem;
  /** The project's own name (package.json name, [package] name, module path) or the lockfile's folder. */
  name: string;
  version?: string;
  packages: Package[];
  /** ids of the component's direct dependencies. */
  dependencies: string[];
}

export const maxPathsPerPackage = 5;

/** A lockfile that cannot be read: names the file and, where known, the line. */
export class LockfileError extends InputError {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`, [{ path: line ? `${file}:${line}` : file, message }]);
  }
}
