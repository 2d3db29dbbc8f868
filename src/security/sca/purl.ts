// Package URLs (purl spec) for each ecosystem, built with packageurl-js so encoding follows the spec.
import { PackageURL } from 'packageurl-js';
import type { Ecosystem } from './model.js';

const purlType: Record<Ecosystem, string> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  RubyGems: 'gem',
  Packagist: 'composer',
  NuGet: 'nuget',
  Maven: 'maven',
};

/** Splits the ecosystem's package name into purl namespace and name. */
function split(ecosystem: Ecosystem, name: string): [string | undefined, string] {
  switch (ecosystem) {
    case 'npm':
    case 'Go':
    case 'Packagist': {
      const i = name.lastIndexOf('/');
      return i > 0 ? [name.slice(0, i), name.slice(i + 1)] : [undefined, name];
    }
    case 'Maven': {
      const i = name.indexOf(':');
      return i > 0 ? [name.slice(0, i), name.slice(i + 1)] : [undefined, name];
    }
    case 'PyPI':
      // The purl spec: lower case, underscores become dashes.
      return [undefined, name.toLowerCase().replace(/[-_.]+/g, '-')];
    default:
      return [undefined, name];
  }
}

export function purlOf(ecosystem: Ecosystem, name: string, version: string): string {
  const [namespace, short] = split(ecosystem, name);
  return new PackageURL(purlType[ecosystem], namespace ?? null, short, version || null, null, null).toString();
}
