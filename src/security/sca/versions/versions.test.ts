import { describe, expect, it } from 'vitest';
import { orderings } from './index.js';
import type { Ecosystem } from '../model.js';

/** Asserts each version sorts strictly before the next. */
function ascending(eco: Ecosystem, list: string[]) {
  const o = orderings[eco];
  for (let i = 0; i + 1 < list.length; i++) {
    expect(o.compare(list[i]!, list[i + 1]!), `${list[i]} < ${list[i + 1]}`).toBeLessThan(0);
    expect(o.compare(list[i + 1]!, list[i]!), `${list[i + 1]} > ${list[i]}`).toBeGreaterThan(0);
  }
}
const equal = (eco: Ecosystem, a: string, b: string) => expect(orderings[eco].compare(a, b), `${a} = ${b}`).toBe(0);

describe('version orderings', () => {
  it('npm: prereleases sort before their release, numerically by identifier', () => {
    ascending('npm', ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0']);
    equal('npm', '1.0.0+build.1', '1.0.0');
    expect(orderings.npm.valid('not-a-version')).toBe(false);
  });

  it('Go: v prefix, +incompatible and pseudo-versions', () => {
    ascending('Go', ['v0.0.0-20190101000000-aaaaaaaaaaaa', 'v0.0.0-20200101000000-bbbbbbbbbbbb', 'v0.1.0', 'v1.2.3-pre', 'v1.2.3', 'v1.2.4-0.20200101000000-cccccccccccc', 'v1.2.4']);
    equal('Go', 'v2.0.0+incompatible', '2.0.0');
    equal('Go', 'v1.2.3', '1.2.3');
  });

  it('PyPI: PEP 440 dev, pre, post, epochs, local labels and spellings', () => {
    ascending('PyPI', ['1.0.dev0', '1.0a1', '1.0a2.dev1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0+local.1', '1.0.post1.dev0', '1.0.post1', '1.0.1', '1.1', '1!0.1']);
    equal('PyPI', '1.0', '1.0.0');
    equal('PyPI', '1.0-alpha1', '1.0a1');
    equal('PyPI', '1.0c1', '1.0rc1');
    equal('PyPI', '1.0-1', '1.0.post1');
    equal('PyPI', 'v2.0', '2.0');
    expect(orderings.PyPI.valid('1.0-foo')).toBe(false);
  });

  it('RubyGems: letters make prereleases, trailing zeros do not count', () => {
    ascending('RubyGems', ['1.0.a', '1.0.a2', '1.0.b1', '1.0.rc1', '1.0', '1.0.1', '1.1', '2.0.0.pre', '2.0.0']);
    equal('RubyGems', '1.0', '1.0.0');
    equal('RubyGems', '1.0.0-rc1', '1.0.0.pre.rc1');
  });

  it('Packagist: dev < alpha < beta < RC < release < patch, v prefix ignored', () => {
    ascending('Packagist', ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-beta2', '1.0.0-RC1', '1.0.0', '1.0.0-pl1', '1.0.1', 'v1.2.0']);
    equal('Packagist', 'v1.2.3', '1.2.3');
    expect(orderings.Packagist.valid('dev-main')).toBe(false);
  });

  it('NuGet: four parts, case-insensitive prerelease labels', () => {
    ascending('NuGet', ['1.0.0-Alpha', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.10', '1.0.0', '1.0.0.1', '1.0.1', '1.10.0']);
    equal('NuGet', '1.0', '1.0.0.0');
    equal('NuGet', '1.0.0-BETA', '1.0.0-beta');
  });

  it('Maven: ComparableVersion qualifier order and aliases', () => {
    ascending('Maven', ['1.0-alpha1', '1.0-alpha2', '1.0-beta1', '1.0-milestone1', '1.0-rc1', '1.0-SNAPSHOT', '1.0', '1.0-sp1', '1.0-xyz', '1.0.1', '1.1', '2.0.0.RELEASE.1']);
    equal('Maven', '1.0', '1.0.0');
    equal('Maven', '1-ga', '1');
    equal('Maven', '1.0-final', '1.0');
    equal('Maven', '1.0-cr1', '1.0-rc1');
    equal('Maven', '1a1', '1-alpha-1');
    ascending('Maven', ['2.12.7', '2.12.7.1', '2.13.0']);
  });

  it('crates.io uses semver', () => {
    ascending('crates.io', ['0.9.0', '1.0.0-rc.1', '1.0.0']);
  });
});
