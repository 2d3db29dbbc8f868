import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverComponents, parseLockfile } from './index.js';
import { LockfileError, type Component } from '../model.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const one = (rel: string): Component => {
  const list = parseLockfile(join(fixtures, rel), rel);
  expect(list).toHaveLength(1);
  return list[0]!;
};
const pkg = (c: Component, name: string, version?: string) => {
  const p = c.packages.find((x) => x.name === name && (!version || x.version === version));
  if (!p) throw new Error(`${name}@${version ?? '*'} not in ${c.lockfile}: ${c.packages.map((x) => x.id).join(', ')}`);
  return p;
};

describe('lockfile parsers', () => {
  it('package-lock v3: nested copies, scopes, licences, integrity, paths', () => {
    const c = one('npm-v3/package-lock.json');
    expect(c).toMatchObject({ name: 'shop', version: '2.0.0', ecosystem: 'npm', format: 'package-lock' });
    expect(c.packages).toHaveLength(6);
    const lodash = pkg(c, 'lodash', '4.17.20');
    expect(lodash).toMatchObject({ direct: true, scope: 'runtime', license: 'MIT', purl: 'pkg:npm/lodash@4.17.20' });
    expect(lodash.hashes[0]!.alg).toBe('SHA-512');
    expect(lodash.hashes[0]!.content).toMatch(/^3e585d15/);
    expect(pkg(c, 'lodash', '4.17.21')).toMatchObject({ direct: false, scope: 'dev', paths: [['shop', 'vitest', 'lodash']] });
    expect(pkg(c, 'undici-types')).toMatchObject({ direct: false, scope: 'runtime', paths: [['shop', '@types/node', 'undici-types']] });
    expect(pkg(c, '@types/node').purl).toBe('pkg:npm/%40types/node@20.11.0');
    expect(pkg(c, 'fsevents').scope).toBe('optional');
  });

  it('package-lock v1: nested dependencies resolve like Node, package.json names the direct ones', () => {
    const c = one('npm-v1/package-lock.json');
    expect(pkg(c, 'express')).toMatchObject({ direct: true, scope: 'runtime' });
    expect(pkg(c, 'express').hashes[0]!.alg).toBe('SHA-1');
    expect(pkg(c, 'ms', '2.0.0')).toMatchObject({ scope: 'runtime', paths: [['legacy-app', 'express', 'debug', 'ms']] });
    expect(pkg(c, 'ms', '2.1.1').scope).toBe('dev');
    expect(pkg(c, 'debug', '3.1.0')).toMatchObject({ scope: 'dev', paths: [['legacy-app', 'mocha', 'debug']] });
  });

  it('yarn.lock classic: hand-parsed entries, multi-specifier headers', () => {
    const c = one('yarn-classic/yarn.lock');
    expect(c.format).toBe('yarn-classic');
    expect(pkg(c, '@babel/highlight')).toMatchObject({ direct: false, scope: 'runtime', paths: [['yarn-app', '@babel/code-frame', '@babel/highlight']] });
    // chalk is a devDependency but also needed at run time through @babel/highlight: runtime wins.
    expect(pkg(c, 'chalk')).toMatchObject({ direct: true, scope: 'runtime' });
    expect(c.packages).toHaveLength(4);
  });

  it('yarn.lock berry: YAML, workspace entry is the project, checksums', () => {
    const c = one('yarn-berry/yarn.lock');
    expect(c.format).toBe('yarn-berry');
    expect(c.packages.map((p) => p.id).sort()).toEqual(['lodash@4.17.21', 'typescript@5.4.5']);
    expect(pkg(c, 'typescript').scope).toBe('dev');
    expect(pkg(c, 'lodash').hashes[0]).toMatchObject({ alg: 'SHA-512' });
  });

  it('pnpm v6: peer suffixes stripped, dev flags', () => {
    const c = one('pnpm-v6/pnpm-lock.yaml');
    expect(pkg(c, 'react-dom')).toMatchObject({ version: '18.2.0', direct: true, scope: 'runtime' });
    expect(pkg(c, 'js-tokens')).toMatchObject({ direct: false, scope: 'runtime' });
    expect(pkg(c, 'jest').scope).toBe('dev');
    expect(pkg(c, 'js-tokens').paths[0]).toEqual(['pnpm-v6', 'react-dom', 'loose-envify', 'js-tokens']);
  });

  it('pnpm v9: each workspace importer is its own component', () => {
    const list = parseLockfile(join(fixtures, 'pnpm-v9/pnpm-lock.yaml'), 'pnpm-v9/pnpm-lock.yaml');
    expect(list.map((c) => c.name)).toEqual(['pnpm-v9', 'pnpm-v9/packages/web', 'pnpm-v9/packages/shared']);
    const web = list[1]!;
    expect(web.packages.map((p) => p.id).sort()).toEqual(['axios@1.6.0', 'follow-redirects@1.15.6']);
    expect(pkg(web, 'follow-redirects').paths[0]).toEqual(['pnpm-v9/packages/web', 'axios', 'follow-redirects']);
    expect(pkg(list[0]!, 'typescript').scope).toBe('dev');
  });

  it('bun.lock: JSONC with comments and trailing commas', () => {
    const c = one('bun/bun.lock');
    expect(c.name).toBe('bun-app');
    expect(pkg(c, 'ms')).toMatchObject({ version: '2.1.2', direct: false, paths: [['bun-app', 'debug', 'ms']] });
    expect(pkg(c, 'bun-types').scope).toBe('dev');
  });

  it('requirements.txt: pinned lines only, extras, markers, continuation hashes', () => {
    const c = one('requirements/requirements.txt');
    expect(c.packages.map((p) => p.id)).toEqual(['django@3.2.0', 'requests@2.25.0', 'urllib3@1.26.4']);
    expect(pkg(c, 'django').hashes[0]).toEqual({ alg: 'SHA-256', content: '0604e84c4fb698a5e53e5857b5aea945b2f19a18f25f10b8748dbdf935788927' });
    expect(pkg(c, 'django').purl).toBe('pkg:pypi/django@3.2.0');
  });

  it('poetry.lock with pyproject.toml groups', () => {
    const c = one('poetry/poetry.lock');
    expect(c).toMatchObject({ name: 'poetry-app', version: '0.3.0' });
    expect(pkg(c, 'requests')).toMatchObject({ direct: true, scope: 'runtime' });
    expect(pkg(c, 'certifi')).toMatchObject({ direct: false, paths: [['poetry-app', 'requests', 'certifi']] });
    expect(pkg(c, 'certifi').hashes[0]!.content).toMatch(/^0569859f/); // the sdist's hash
    expect(pkg(c, 'pytest').scope).toBe('dev');
  });

  it('uv.lock: editable project is the root, dev groups', () => {
    const c = one('uv/uv.lock');
    expect(c.name).toBe('uv-app');
    expect(pkg(c, 'markupsafe')).toMatchObject({ direct: false, scope: 'runtime' });
    expect(pkg(c, 'ruff')).toMatchObject({ direct: true, scope: 'dev' });
  });

  it('Pipfile.lock: default and develop', () => {
    const c = one('pipfile/Pipfile.lock');
    expect(pkg(c, 'pyyaml')).toMatchObject({ version: '5.3.1', scope: 'runtime' });
    expect(pkg(c, 'black').scope).toBe('dev');
  });

  it('go.mod: indirect, +incompatible, local replace dropped; go.sum beside it adds nothing', async () => {
    const c = one('go/go.mod');
    expect(c.name).toBe('example.com/gosvc');
    expect(c.packages.map((p) => p.id)).toEqual(['github.com/gin-gonic/gin@v1.9.0', 'golang.org/x/net@v0.0.0-20220722155237-a158d28d115b', 'github.com/old/lib@v2.0.0+incompatible']);
    expect(pkg(c, 'golang.org/x/net').direct).toBe(false);
    expect(pkg(c, 'github.com/gin-gonic/gin').purl).toBe('pkg:golang/github.com/gin-gonic/gin@v1.9.0');
    expect(parseLockfile(join(fixtures, 'go/go.sum'), 'go/go.sum')).toEqual([]);
  });

  it('Cargo.lock: two versions of one crate, workspace crate is the root', () => {
    const c = one('cargo/Cargo.lock');
    expect(c.name).toBe('rust-app');
    expect(pkg(c, 'time', '0.3.30').direct).toBe(true);
    expect(pkg(c, 'time', '0.1.45')).toMatchObject({ direct: false, paths: [['rust-app', 'time', 'time']] });
    expect(pkg(c, 'smallvec').hashes[0]!.alg).toBe('SHA-256');
  });

  it('Gemfile.lock: platform suffix, DEPENDENCIES, CHECKSUMS', () => {
    const c = one('ruby/Gemfile.lock');
    expect(pkg(c, 'nokogiri')).toMatchObject({ version: '1.13.9', direct: true });
    expect(pkg(c, 'rack')).toMatchObject({ direct: false, paths: [['ruby', 'actionpack', 'rack']] });
    expect(pkg(c, 'rack').hashes).toHaveLength(1);
  });

  it('composer.lock: platform requirements skipped, dev packages, licences', () => {
    const c = one('composer/composer.lock');
    expect(c.name).toBe('acme/site');
    expect(pkg(c, 'guzzlehttp/psr7')).toMatchObject({ direct: false, license: 'MIT', purl: 'pkg:composer/guzzlehttp/psr7@2.4.1' });
    expect(pkg(c, 'phpunit/phpunit').scope).toBe('dev');
  });

  it('NuGet packages.lock.json', () => {
    const c = one('nuget/packages.lock.json');
    expect(pkg(c, 'System.Text.Encodings.Web')).toMatchObject({ direct: false, paths: [['nuget', 'Microsoft.AspNetCore.Http', 'System.Text.Encodings.Web']] });
    expect(pkg(c, 'Newtonsoft.Json').hashes[0]!.alg).toBe('SHA-512');
  });

  it('pom.xml: properties, dependencyManagement, test scope', () => {
    const c = one('maven/pom.xml');
    expect(c).toMatchObject({ name: 'com.acme:billing', version: '1.4.0' });
    expect(pkg(c, 'com.fasterxml.jackson.core:jackson-databind').version).toBe('2.9.10');
    expect(pkg(c, 'org.apache.logging.log4j:log4j-core').version).toBe('2.14.1');
    expect(pkg(c, 'com.acme:billing-api').version).toBe('1.4.0');
    expect(pkg(c, 'junit:junit').scope).toBe('dev');
    expect(pkg(c, 'junit:junit').purl).toBe('pkg:maven/junit/junit@4.12');
  });

  it('gradle.lockfile: test-only configurations are dev', () => {
    const c = one('gradle/gradle.lockfile');
    expect(pkg(c, 'com.google.guava:guava')).toMatchObject({ version: '31.1-jre', scope: 'runtime' });
    expect(pkg(c, 'junit:junit').scope).toBe('dev');
  });

  it('a broken lockfile is an error naming file and line, not a crash', () => {
    expect(() => parseLockfile(join(fixtures, 'broken/yarn.lock'), 'broken/yarn.lock')).toThrow(LockfileError);
    expect(() => parseLockfile(join(fixtures, 'broken/yarn.lock'), 'broken/yarn.lock')).toThrow('broken/yarn.lock:5');
  });

  it.each([
    ['package-lock.json', '{"lockfileVersion": 3, "packages": {"node_modules/a": {}}}', /has no version/],
    ['package-lock.json', '{\n  "packages": {,\n}', /package-lock.json:2: invalid JSON/],
    ['pnpm-lock.yaml', "lockfileVersion: '5.4'\n", /unsupported lockfileVersion/],
    ['Cargo.lock', '[[package]\nname = 1', /Cargo.lock:1: invalid TOML/],
    ['pom.xml', '<project><dependencies></project>', /invalid XML/],
    ['go.mod', 'module x\nrequire foo\n', /go.mod:2: require needs/],
    ['gradle.lockfile', 'nonsense\n', /gradle.lockfile:1/],
    ['requirements.txt', 'ok==1\n!!!\n', /requirements.txt:2/],
    ['bun.lock', '{"packages": {"a": 3}}', /must be an array/],
    ['Gemfile.lock', 'GEM\n  specs:\n    rack\n', /Gemfile.lock:3/],
  ])('%s with bad content: %s', (name, text, message) => {
    expect(() => parseLockfile(join(fixtures, 'none', name), `x/${name}`, text)).toThrow(message);
  });

  it('discovers every lockfile of a monorepo as its own component', async () => {
    const d = await discoverComponents(join(fixtures, 'monorepo'));
    expect(d.components.map((c) => [c.lockfile, c.ecosystem])).toEqual([
      ['tools/py/requirements.txt', 'PyPI'],
      ['services/api/package-lock.json', 'npm'],
    ]);
    expect(d.errors).toEqual([]);
    const all = await discoverComponents(fixtures);
    expect(all.errors.map((e) => e.file)).toEqual(['broken/yarn.lock']);
    expect(all.components.length).toBeGreaterThanOrEqual(20);
  });
});

describe('more npm and Go shapes', () => {
  it('npm-shrinkwrap.json v2 is read like package-lock', () => {
    const c = one('shrinkwrap/npm-shrinkwrap.json');
    expect(c).toMatchObject({ format: 'npm-shrinkwrap', name: 'cli-tool' });
    expect(pkg(c, 'minimist')).toMatchObject({ direct: true, license: 'MIT' });
  });

  it('go.sum alone: built modules only, /go.mod-only lines skipped', () => {
    const c = one('gosum-only/go.sum');
    expect(c.packages.map((p) => p.id)).toEqual(['golang.org/x/text@v0.3.7']);
  });
});

describe('garbage in', () => {
  it('every parser answers arbitrary text with components or a LockfileError, never another exception', async () => {
    const fc = (await import('fast-check')).default;
    const names = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'requirements.txt', 'poetry.lock', 'uv.lock', 'Pipfile.lock', 'go.mod', 'go.sum', 'Cargo.lock', 'Gemfile.lock', 'composer.lock', 'packages.lock.json', 'pom.xml', 'gradle.lockfile'];
    // Near-miss inputs: valid fixtures with a slice cut out are likelier to reach deep parser code than noise.
    const samples = ['npm-v3/package-lock.json', 'yarn-classic/yarn.lock', 'pnpm-v9/pnpm-lock.yaml', 'bun/bun.lock', 'cargo/Cargo.lock', 'ruby/Gemfile.lock', 'maven/pom.xml'];
    const { readFileSync } = await import('node:fs');
    const texts = samples.map((s) => readFileSync(join(fixtures, s), 'utf8'));
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom(...texts), fc.nat(), fc.nat(), fc.string(), (name, text, a, b, insert) => {
        const cut = text.slice(0, a % text.length) + insert + text.slice((a % text.length) + (b % 40));
        try {
          parseLockfile(join(fixtures, 'none', name), `f/${name}`, cut);
        } catch (error) {
          expect(error).toBeInstanceOf(LockfileError);
          // A TypeError wrapped as "unexpected structure" means a parser read a field it never checked.
          expect((error as Error).message).not.toMatch(/unexpected structure: (Cannot read|.* is not a function|.* is not iterable)/);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
