import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run.js';
import { VulnDb } from './osv/store.js';
import { createScaScanner } from './scanner.js';
import { captureIo } from './test-support/io.js';
import { eco, osvRecord, sem } from './test-support/osv.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paved-sca-'));
const project = join(dir, 'project');
const dbDir = join(dir, 'db');
const now = () => new Date('2026-03-01T00:00:00Z');

beforeAll(async () => {
  mkdirSync(project);
  cpSync(join(fixtures, 'npm-v3'), join(project, 'web'), { recursive: true });
  cpSync(join(fixtures, 'requirements'), join(project, 'py'), { recursive: true });
  cpSync(join(fixtures, 'broken'), join(project, 'broken'), { recursive: true });
  const osv = join(dir, 'osv');
  mkdirSync(osv);
  const records = [
    osvRecord('GHSA-35jh-r3h4-6jhm', 'npm', 'lodash', [sem([{ introduced: '0' }, { fixed: '4.17.21' }])], {
      aliases: ['CVE-2021-23337'],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
    }),
    osvRecord('GHSA-dev-1', 'npm', 'lodash', [sem([{ introduced: '4.17.21' }, { fixed: '4.17.22' }])], { database_specific: { severity: 'LOW' } }),
    osvRecord('PYSEC-2021-98', 'PyPI', 'django', [eco([{ introduced: '3.2' }, { fixed: '3.2.1' }])], { severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }] }),
  ];
  records.forEach((r, i) => writeFileSync(join(osv, `${i}.json`), JSON.stringify(r)));
  await new VulnDb(dbDir).import(osv);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sca scanner', () => {
  const scanner = createScaScanner({ defaultVulnDb: dbDir, now });

  it('reports vulnerable packages with severity, fix, path and dev flag; unreadable lockfiles as SCA.PARSE', async () => {
    const result = await scanner.scan({ root: project });
    const byId = (id: string) => result.findings.find((f) => f.properties?.osvId === id);
    const lodash = byId('GHSA-35jh-r3h4-6jhm')!;
    expect(lodash).toMatchObject({ ruleId: 'SCA.VULN', severity: 'high', file: 'web/package-lock.json', resource: 'lodash@4.17.20', remediation: 'Upgrade lodash to 4.17.21 or later.' });
    expect(lodash.line).toBeGreaterThan(0);
    expect(lodash.properties).toMatchObject({ aliases: ['CVE-2021-23337'], cvssScore: 7.2, upgradeTo: '4.17.21', dependencyPath: 'shop > lodash', devOnly: false, direct: true });
    const dev = byId('GHSA-dev-1')!;
    expect(dev).toMatchObject({ severity: 'low', resource: 'lodash@4.17.21' });
    expect(dev.properties).toMatchObject({ devOnly: true, dependencyPath: 'shop > vitest > lodash', severitySource: 'database' });
    expect(byId('PYSEC-2021-98')).toMatchObject({ severity: 'critical', file: 'py/requirements.txt' });
    expect(result.findings.filter((f) => f.ruleId === 'SCA.PARSE').map((f) => [f.file, f.line])).toEqual([['broken/yarn.lock', 5]]);
    expect(result.scanned).toBe(9);
  });

  it('--prod-only leaves dev packages out', async () => {
    const result = await scanner.scan({ root: project, options: { 'prod-only': true } });
    expect(result.findings.some((f) => f.properties?.osvId === 'GHSA-dev-1')).toBe(false);
    expect(result.findings.some((f) => f.properties?.osvId === 'GHSA-35jh-r3h4-6jhm')).toBe(true);
  });

  it('paved-ignore.yaml suppresses by id or alias with a reason; expired entries are reported and stop applying', async () => {
    writeFileSync(join(project, 'paved-ignore.yaml'), 'ignore:\n  - id: CVE-2021-23337\n    reason: template input is constant\n    until: 2026-12-31\n  - id: PYSEC-2021-98\n    reason: was fine last year\n    until: 2025-12-31\n');
    try {
      const result = await scanner.scan({ root: project });
      expect(result.findings.find((f) => f.properties?.osvId === 'GHSA-35jh-r3h4-6jhm')!.suppressed).toEqual({ reason: 'template input is constant', source: 'ignore-file' });
      expect(result.findings.find((f) => f.properties?.osvId === 'PYSEC-2021-98')!.suppressed).toBeUndefined();
      expect(result.notes!.join('\n')).toMatch(/paved-ignore.yaml:5: the acceptance of PYSEC-2021-98 expired on 2025-12-31/);
    } finally {
      rmSync(join(project, 'paved-ignore.yaml'));
    }
  });

  it('--deny-licenses reports denied SPDX licences and notes what it could not judge', async () => {
    const result = await scanner.scan({ root: project, options: { 'deny-licenses': ['MIT,GPL-3.0-only'] } });
    const licences = result.findings.filter((f) => f.ruleId === 'SCA.LICENSE');
    expect(licences.map((f) => f.resource).sort()).toEqual(['@types/node@20.11.0', 'fsevents@2.3.3', 'lodash@4.17.20', 'lodash@4.17.21', 'undici-types@5.26.5', 'vitest@1.2.0']);
    expect(result.notes!.join('\n')).toMatch(/3 package\(s\) have no licence/);
  });

  it('without a database it says vulnerabilities were not checked; a named missing database is an error', async () => {
    const result = await createScaScanner({ defaultVulnDb: join(dir, 'none') }).scan({ root: project });
    expect(result.findings.filter((f) => f.ruleId === 'SCA.VULN')).toEqual([]);
    expect(result.notes!.join('\n')).toMatch(/known vulnerabilities were NOT checked/);
    await expect(scanner.scan({ root: project, options: { vulndb: join(dir, 'none') } })).rejects.toThrow(/no vulnerability database/);
  });
});

describe('CLI', () => {
  it('paved scan sca: exit 1 on a high finding, 0 when only low ones remain', async () => {
    const c = captureIo(dir);
    expect(await runCli(['scan', 'sca', 'project', '--vulndb', dbDir], c.io)).toBe(1);
    expect(c.stdout()).toMatch(/GHSA-35jh-r3h4-6jhm/);
    const web = captureIo(join(project, 'web'));
    expect(await runCli(['scan', 'sca', '--vulndb', dbDir, '--fail-on', 'critical'], web.io)).toBe(0);
  });

  it('paved vulndb import/status with $PAVED_HOME, --json, and exit codes', async () => {
    const home = join(dir, 'home');
    const env = { PAVED_HOME: home };
    const status0 = captureIo(dir, env);
    expect(await runCli(['vulndb', 'status'], status0.io)).toBe(1);
    expect(status0.stdout()).toMatch(/No vulnerability database/);
    const imp = captureIo(dir, env);
    expect(await runCli(['vulndb', 'import', 'osv', '--json'], imp.io)).toBe(0);
    expect(JSON.parse(imp.stdout())).toMatchObject({ db: join(home, 'vulndb'), read: 3, added: 3 });
    const status = captureIo(dir, env);
    expect(await runCli(['vulndb', 'status', '--json'], status.io)).toBe(0);
    expect(JSON.parse(status.stdout()).ecosystems).toEqual([
      { ecosystem: 'npm', records: 2, withdrawn: 0, newestModified: '2024-01-01T00:00:00Z' },
      { ecosystem: 'PyPI', records: 1, withdrawn: 0, newestModified: '2024-01-01T00:00:00Z' },
    ]);
    writeFileSync(join(dir, 'bad.json'), '{}');
    const bad = captureIo(dir, env);
    expect(await runCli(['vulndb', 'import', 'bad.json'], bad.io)).toBe(1);
    expect(bad.stderr()).toMatch(/skipped \S*bad.json: .*required property/);
    expect(await runCli(['vulndb', 'import', 'missing-dir'], captureIo(dir, env).io)).toBe(2);
  });

  it('paved sbom writes CycloneDX or SPDX; exit 1 when a lockfile is unreadable, 2 on a bad format', async () => {
    const ok = captureIo(join(project, 'web'));
    expect(await runCli(['sbom'], ok.io)).toBe(0);
    expect(JSON.parse(ok.stdout())).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    const spdx = captureIo(dir);
    expect(await runCli(['sbom', 'project', '--format', 'spdx', '--output', 'out.spdx.json', '--prod-only'], spdx.io)).toBe(1);
    expect(spdx.stderr()).toMatch(/broken\/yarn.lock:5/);
    expect(spdx.stderr()).toMatch(/wrote SPDX 2.3 SBOM of 7 package\(s\) from 2 project\(s\)/);
    expect(await runCli(['sbom', '--format', 'xml'], captureIo(dir).io)).toBe(2);
  });
});

describe('real-shaped advisories against the fixture projects', () => {
  it('Log4Shell (three affected entries), Go x/net pseudo-version, Django, minimist', async () => {
    const db = join(dir, 'real-db');
    const imported = await new VulnDb(db).import(join(fixtures, 'osv-records'));
    expect(imported).toMatchObject({ read: 4, added: 4, invalid: [] });
    const scanner = createScaScanner({ defaultVulnDb: db, now });
    const byId = async (sub: string, id: string) => (await scanner.scan({ root: join(fixtures, sub) })).findings.find((f) => f.properties?.osvId === id);

    const log4j = await byId('maven', 'GHSA-jfh8-c2jp-5v3q');
    expect(log4j).toMatchObject({ severity: 'critical', resource: 'org.apache.logging.log4j:log4j-core@2.14.1', file: 'pom.xml' });
    expect(log4j!.properties).toMatchObject({ cvssScore: 10, fixedVersions: ['2.3.1', '2.12.2', '2.15.0'], upgradeTo: '2.15.0', aliases: ['CVE-2021-44228'] });
    expect(log4j!.references).toContain('https://nvd.nist.gov/vuln/detail/CVE-2021-44228');

    const xnet = await byId('go', 'GO-2022-0969');
    expect(xnet).toMatchObject({ severity: 'medium', resource: 'golang.org/x/net@v0.0.0-20220722155237-a158d28d115b' });
    expect(xnet!.properties).toMatchObject({ upgradeTo: 'v0.0.0-20220906165146-f3363e06e74c', direct: false, severitySource: 'default' });

    const django = await byId('requirements', 'PYSEC-2021-9');
    expect(django).toBeUndefined(); // 3.2.0 is past every affected range
    const minimist = await byId('monorepo', 'GHSA-vh95-rmgr-6w4m');
    expect(minimist).toBeUndefined(); // 1.2.5 is fixed (1.2.3)
    const shrink = await byId('shrinkwrap', 'GHSA-vh95-rmgr-6w4m');
    expect(shrink).toMatchObject({ severity: 'medium', resource: 'minimist@1.2.0' });
    expect(shrink!.properties).toMatchObject({ cvssScore: 5.6, upgradeTo: '1.2.3', fixedVersions: ['0.2.1', '1.2.3'] });
  });
});
