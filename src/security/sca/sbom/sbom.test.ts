import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverComponents } from '../lockfiles/index.js';
import { cycloneDxValidator, spdxValidator } from '../test-support/schemas.js';
import { toCycloneDx } from './cyclonedx.js';
import { toSpdx } from './spdx.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const validateCdx = cycloneDxValidator();
const validateSpdx = spdxValidator();
const opts = { name: 'fixtures', toolVersion: '0.1.0', now: new Date('2026-01-02T03:04:05.678Z'), serial: '3e671687-395b-41f5-a30f-a58921a69b79' };

describe('SBOM writers', async () => {
  const { components } = await discoverComponents(fixtures);

  it('CycloneDX 1.6 of every fixture format validates against the official schema', () => {
    const bom = toCycloneDx(components, opts);
    const ok = validateCdx(bom);
    expect(validateCdx.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(new Set(components.map((c) => c.format)).size).toBeGreaterThanOrEqual(17);
  });

  it('CycloneDX carries the dependency graph, scopes, hashes and licences', () => {
    const bom = toCycloneDx(components.filter((c) => c.lockfile === 'npm-v3/package-lock.json'), opts) as any;
    const app = bom.components[0];
    expect(app).toMatchObject({ type: 'application', name: 'shop', version: '2.0.0' });
    const lodash = app.components.find((c: any) => c.purl === 'pkg:npm/lodash@4.17.20');
    expect(lodash).toMatchObject({ scope: 'required', licenses: [{ expression: 'MIT' }], hashes: [{ alg: 'SHA-512' }] });
    const types = app.components.find((c: any) => c.name === 'node');
    expect(types.group).toBe('@types');
    const vitest = app.components.find((c: any) => c.name === 'vitest');
    expect(vitest.scope).toBe('optional');
    expect(vitest.properties).toContainEqual({ name: 'paved:scope', value: 'dev' });
    const dep = bom.dependencies.find((d: any) => d.ref === vitest['bom-ref']);
    expect(dep.dependsOn).toEqual(['npm-v3/package-lock.json:shop#pkg:npm/lodash@4.17.21']);
    expect(bom.dependencies.find((d: any) => d.ref === 'root').dependsOn).toEqual(['npm-v3/package-lock.json:shop']);
  });

  it('SPDX 2.3 of every fixture format validates against the official schema', () => {
    const doc = toSpdx(components, opts) as any;
    const ok = validateSpdx(doc);
    expect(validateSpdx.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const ids = doc.packages.map((p: any) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of doc.relationships) {
      if (r.spdxElementId !== 'SPDXRef-DOCUMENT') expect(ids).toContain(r.spdxElementId);
      expect(ids).toContain(r.relatedSpdxElement);
    }
    expect(doc.relationships.some((r: any) => r.relationshipType === 'DEV_DEPENDENCY_OF')).toBe(true);
  });

  it('an invalid SBOM is rejected by the validator (the check can fail)', () => {
    const bom = toCycloneDx(components.slice(0, 1), opts) as any;
    bom.components[0].components[0].hashes = [{ alg: 'SHA-512', content: 'not-hex' }];
    expect(validateCdx(bom)).toBe(false);
  });
});

describe('a lockfile written by the real npm client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paved-sbom-npm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('yields a valid CycloneDX and SPDX SBOM with the packages npm resolved', async () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'real-npm', version: '1.0.0', dependencies: { debug: '4.3.4' }, devDependencies: { 'is-number': '7.0.0' } }));
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe', timeout: 120_000 });
    const { components, errors } = await discoverComponents(dir);
    expect(errors).toEqual([]);
    const c = components[0]!;
    expect(c.packages.map((p) => p.id).sort()).toEqual(['debug@4.3.4', 'is-number@7.0.0', 'ms@2.1.2']);
    expect(c.packages.find((p) => p.name === 'ms')).toMatchObject({ direct: false, scope: 'runtime', paths: [['real-npm', 'debug', 'ms']] });
    expect(c.packages.find((p) => p.name === 'is-number')!.scope).toBe('dev');
    expect(c.packages.every((p) => p.hashes.length === 1)).toBe(true);
    expect(validateCdx(toCycloneDx(components, opts))).toBe(true);
    expect(validateSpdx(toSpdx(components, opts))).toBe(true);
  }, 120_000);
});
