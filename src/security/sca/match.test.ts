import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Matcher, type MatchContext } from './match.js';
import type { Ecosystem, Package } from './model.js';
import { VulnDb } from './osv/store.js';
import { eco, osvRecord, sem } from './test-support/osv.js';

const dir = mkdtempSync(join(tmpdir(), 'paved-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const records = [
  osvRecord('GHSA-npm-1', 'npm', 'lodash', [sem([{ introduced: '0' }, { fixed: '4.17.21' }])], { aliases: ['CVE-2021-23337'] }),
  // two ranges: the first fix (3.0.1) still sits inside the second range's start → the smallest real fix is 4.1.0
  osvRecord('GHSA-npm-2', 'npm', 'multi', [sem([{ introduced: '1.0.0' }, { fixed: '2.0.0' }, { introduced: '3.0.0' }, { fixed: '4.1.0' }])]),
  osvRecord('GHSA-npm-3', 'npm', 'pre', [sem([{ introduced: '2.0.0-beta.1' }, { fixed: '2.0.0-rc.2' }])]),
  osvRecord('GHSA-npm-4', 'npm', 'limited', [eco([{ introduced: '0' }, { limit: '1.5.0' }])]),
  osvRecord('GHSA-npm-5', 'npm', 'lastaff', [eco([{ introduced: '1.0.0' }, { last_affected: '1.2.0' }])]),
  osvRecord('GHSA-npm-6', 'npm', 'listed', [], { versions: ['0.9.1', '0.9.3'] }),
  osvRecord('GHSA-npm-7', 'npm', 'withdrawn-pkg', [sem([{ introduced: '0' }])], { withdrawn: '2024-02-01T00:00:00Z' }),
  osvRecord('GHSA-npm-8', 'npm', 'gitonly', [{ type: 'GIT', repo: 'https://example.invalid/repo', events: [{ introduced: 'a'.repeat(40) }] } as any]),
  osvRecord('GO-2022-1', 'Go', 'golang.org/x/net', [sem([{ introduced: '0' }, { fixed: '0.0.0-20220906165146-f3363e06e74c' }])]),
  osvRecord('GO-2022-2', 'Go', 'github.com/old/lib', [sem([{ introduced: '2.0.0' }, { fixed: '2.1.0' }])]),
  osvRecord('PYSEC-1', 'PyPI', 'Django', [eco([{ introduced: '3.2' }, { fixed: '3.2.1' }, { introduced: '4.0a1' }, { fixed: '4.0.1' }])]),
  osvRecord('PYSEC-2', 'PyPI', 'jinja2', [eco([{ introduced: '0' }, { fixed: '2.10.1' }])]),
  osvRecord('RUSTSEC-1', 'crates.io', 'smallvec', [sem([{ introduced: '1.6.0' }, { fixed: '1.6.1' }])]),
  osvRecord('GHSA-gem-1', 'RubyGems', 'rack', [eco([{ introduced: '2.2.0' }, { fixed: '2.2.6.3' }])]),
  osvRecord('GHSA-gem-2', 'RubyGems', 'pre-gem', [eco([{ introduced: '0' }, { fixed: '1.0.0' }])]),
  osvRecord('GHSA-php-1', 'Packagist', 'guzzlehttp/guzzle', [eco([{ introduced: '7.0.0' }, { fixed: '7.4.5' }])]),
  osvRecord('GHSA-nuget-1', 'NuGet', 'Newtonsoft.Json', [eco([{ introduced: '0' }, { fixed: '13.0.1' }])]),
  osvRecord('GHSA-mvn-1', 'Maven', 'org.apache.logging.log4j:log4j-core', [eco([{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }])]),
  osvRecord('GHSA-mvn-2', 'Maven', 'com.example:qual', [eco([{ introduced: '0' }, { fixed: '1.0' }])]),
];

const pkg = (ecosystem: Ecosystem, name: string, version: string): Package => ({
  id: `${name}@${version}`, ecosystem, name, version, purl: '', direct: true, scope: 'runtime', paths: [['app', name]], hashes: [], dependencies: [],
});

describe('matching', async () => {
  const osvDir = join(dir, 'osv');
  mkdirSync(osvDir);
  records.forEach((r, i) => writeFileSync(join(osvDir, `${i}.json`), JSON.stringify(r)));
  const db = new VulnDb(join(dir, 'db'));
  const result = await db.import(osvDir);
  const matcher = new Matcher(db);
  const ctx: MatchContext = { notes: new Set() };
  const ids = async (e: Ecosystem, n: string, v: string) => (await matcher.match(pkg(e, n, v), ctx)).map((m) => m.record.id);

  it('imported every record', () => expect(result).toMatchObject({ read: records.length, added: records.length, invalid: [] }));

  it('npm: introduced 0 / fixed', async () => {
    expect(await ids('npm', 'lodash', '4.17.20')).toEqual(['GHSA-npm-1']);
    expect(await ids('npm', 'lodash', '4.17.21')).toEqual([]);
    const [m] = await matcher.match(pkg('npm', 'lodash', '4.17.20'), ctx);
    expect(m).toMatchObject({ fixed: ['4.17.21'], upgradeTo: '4.17.21' });
  });

  it('npm: several ranges, and the smallest upgrade skips a fix that is still affected', async () => {
    expect(await ids('npm', 'multi', '0.9.0')).toEqual([]);
    expect(await ids('npm', 'multi', '2.5.0')).toEqual([]);
    expect(await ids('npm', 'multi', '3.0.0')).toEqual(['GHSA-npm-2']);
    const [m] = await matcher.match(pkg('npm', 'multi', '1.5.0'), ctx);
    expect(m!.fixed).toEqual(['2.0.0', '4.1.0']);
    expect(m!.upgradeTo).toBe('2.0.0');
  });

  it('npm: prereleases order inside a range', async () => {
    expect(await ids('npm', 'pre', '2.0.0-alpha.9')).toEqual([]);
    expect(await ids('npm', 'pre', '2.0.0-beta.1')).toEqual(['GHSA-npm-3']);
    expect(await ids('npm', 'pre', '2.0.0-rc.1')).toEqual(['GHSA-npm-3']);
    expect(await ids('npm', 'pre', '2.0.0-rc.2')).toEqual([]);
    expect(await ids('npm', 'pre', '2.0.0')).toEqual([]);
  });

  it('limit and last_affected', async () => {
    expect(await ids('npm', 'limited', '1.4.9')).toEqual(['GHSA-npm-4']);
    expect(await ids('npm', 'limited', '1.5.0')).toEqual([]);
    expect(await ids('npm', 'lastaff', '1.2.0')).toEqual(['GHSA-npm-5']);
    expect(await ids('npm', 'lastaff', '1.2.1')).toEqual([]);
    const [m] = await matcher.match(pkg('npm', 'lastaff', '1.1.0'), ctx);
    expect(m!.fixed).toEqual([]);
    expect(m!.upgradeTo).toBeUndefined();
  });

  it('explicit versions lists; withdrawn records never match; GIT ranges noted', async () => {
    expect(await ids('npm', 'listed', '0.9.1')).toEqual(['GHSA-npm-6']);
    expect(await ids('npm', 'listed', '0.9.2')).toEqual([]);
    expect(await ids('npm', 'withdrawn-pkg', '1.0.0')).toEqual([]);
    expect(await ids('npm', 'gitonly', '1.0.0')).toEqual([]);
    expect([...ctx.notes].join()).toMatch(/GIT ranges/);
  });

  it('Go: v prefix, pseudo-versions, +incompatible', async () => {
    expect(await ids('Go', 'golang.org/x/net', 'v0.0.0-20220722155237-a158d28d115b')).toEqual(['GO-2022-1']);
    expect(await ids('Go', 'golang.org/x/net', 'v0.0.0-20220906165146-f3363e06e74c')).toEqual([]);
    expect(await ids('Go', 'golang.org/x/net', 'v0.1.0')).toEqual([]);
    expect(await ids('Go', 'github.com/old/lib', 'v2.0.0+incompatible')).toEqual(['GO-2022-2']);
  });

  it('PyPI: normalised names, PEP 440 prereleases between ranges', async () => {
    expect(await ids('PyPI', 'django', '3.2.0')).toEqual(['PYSEC-1']);
    expect(await ids('PyPI', 'django', '3.2.1')).toEqual([]);
    expect(await ids('PyPI', 'django', '4.0rc1')).toEqual(['PYSEC-1']);
    expect(await ids('PyPI', 'django', '4.0.dev1')).toEqual([]);
    expect(await ids('PyPI', 'Jinja2', '2.10')).toEqual(['PYSEC-2']);
    expect(await ids('PyPI', 'jinja2', '2.10.0.post1')).toEqual(['PYSEC-2']);
  });

  it('crates.io, RubyGems, Packagist, NuGet, Maven orderings', async () => {
    expect(await ids('crates.io', 'smallvec', '1.6.0')).toEqual(['RUSTSEC-1']);
    expect(await ids('RubyGems', 'rack', '2.2.6.2')).toEqual(['GHSA-gem-1']);
    expect(await ids('RubyGems', 'rack', '2.2.6.3')).toEqual([]);
    expect(await ids('RubyGems', 'pre-gem', '1.0.0.rc1')).toEqual(['GHSA-gem-2']);
    expect(await ids('Packagist', 'GuzzleHttp/Guzzle', 'v7.4.4')).toEqual(['GHSA-php-1']);
    expect(await ids('Packagist', 'guzzlehttp/guzzle', '7.4.5')).toEqual([]);
    expect(await ids('NuGet', 'newtonsoft.json', '12.0.1')).toEqual(['GHSA-nuget-1']);
    expect(await ids('NuGet', 'Newtonsoft.Json', '13.0.1.0')).toEqual([]);
    expect(await ids('Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1')).toEqual(['GHSA-mvn-1']);
    expect(await ids('Maven', 'org.apache.logging.log4j:log4j-core', '2.0-beta8')).toEqual([]);
    expect(await ids('Maven', 'org.apache.logging.log4j:log4j-core', '2.0-rc1')).toEqual(['GHSA-mvn-1']);
    expect(await ids('Maven', 'com.example:qual', '1.0-SNAPSHOT')).toEqual(['GHSA-mvn-2']);
    expect(await ids('Maven', 'com.example:qual', '1.0-sp1')).toEqual([]);
  });

  it('a version the ecosystem cannot order is noted, not guessed', async () => {
    expect(await ids('Packagist', 'guzzlehttp/guzzle', 'dev-main')).toEqual([]);
    expect([...ctx.notes].join()).toMatch(/dev-main: the version cannot be ordered/);
  });
});
