// SCA benchmarks (issue 7):
//  1. SBOM of a generated 3,000-package package-lock.json (target < 1 s), compared in the same run with
//     @cyclonedx/cyclonedx-npm --package-lock-only on the same lockfile.
//  2. Matching 10,000 packages against 200,000 generated OSV records with realistic ranges (target < 2 s),
//     including loading the stored database. No npm-installable matcher exists to compare with (osv-scanner
//     and grype are Go binaries), so the figure stands alone; OSV import throughput is reported too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverComponents } from '../src/security/sca/lockfiles/index.js';
import { Matcher } from '../src/security/sca/match.js';
import type { Package } from '../src/security/sca/model.js';
import type { StoredRecord } from '../src/security/sca/osv/model.js';
import { recordLines, VulnDb } from '../src/security/sca/osv/store.js';
import { toCycloneDx } from '../src/security/sca/sbom/cyclonedx.js';
import { toSpdx } from '../src/security/sca/sbom/spdx.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A deterministic pseudo-random generator so every run measures the same corpus. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

/** package-lock v3 with `count` packages: 60 direct, a deep transitive tree, ~8% nested duplicate versions. */
function generateLock(count: number): object {
  const rand = rng(7);
  const names = Array.from({ length: count }, (_, i) => (i % 9 === 0 ? `@scope${i % 40}/pkg-${i}` : `pkg-${i}`));
  const packages: Record<string, any> = {};
  const rootDeps: Record<string, string> = {};
  const devDeps: Record<string, string> = {};
  for (let i = 0; i < 60; i++) (i < 45 ? rootDeps : devDeps)[names[i]!] = '^1.0.0';
  const integrity = (i: number) => 'sha512-' + Buffer.alloc(64, i % 251).toString('base64');
  let nested = 0;
  for (let i = 0; i < count; i++) {
    const deps: Record<string, string> = {};
    const n = Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) {
      const j = i + 1 + Math.floor(rand() * Math.min(400, count - i - 1));
      if (j < count) deps[names[j]!] = '^1.0.0';
    }
    const dup = i > 100 && rand() < 0.08 && nested < count * 0.08;
    const path = dup ? `node_modules/${names[i - 50]}/node_modules/${names[i]}` : `node_modules/${names[i]}`;
    if (dup) nested++;
    packages[path] = { version: `1.${i % 17}.${i % 5}`, resolved: `https://registry.invalid/${names[i]}-1.0.0.tgz`, integrity: integrity(i), license: i % 13 === 0 ? '(MIT OR Apache-2.0)' : 'MIT', ...(i >= 45 && i < 60 ? { dev: true } : {}), ...(n ? { dependencies: deps } : {}) };
  }
  packages[''] = { name: 'bench-app', version: '1.0.0', dependencies: rootDeps, devDependencies: devDeps };
  return { name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

async function sbomBenchmark(dir: string): Promise<void> {
  const project = join(dir, 'sbom');
  mkdirSync(project);
  const lock = generateLock(3000) as any;
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', dependencies: lock.packages[''].dependencies, devDependencies: lock.packages[''].devDependencies }));
  const runs: number[] = [];
  const spdxRuns: number[] = [];
  let packages = 0;
  for (let i = 0; i < 7; i++) {
    const [ms, text] = await time(async () => {
      const { components } = await discoverComponents(project);
      packages = components[0]!.packages.length;
      return JSON.stringify(toCycloneDx(components, { name: 'bench', toolVersion: 'bench' }));
    });
    runs.push(ms);
    if (!text.includes('"specVersion":"1.6"')) throw new Error('no SBOM');
    const [spdxMs] = await time(async () => JSON.stringify(toSpdx((await discoverComponents(project)).components, { name: 'bench', toolVersion: 'bench' })));
    spdxRuns.push(spdxMs);
  }
  const paved = median(runs);
  console.log(`### SBOM of a ${packages}-package package-lock.json (v3)\n`);
  console.log('| tool | median of 7 | packages |');
  console.log('|---|---|---|');
  console.log(`| paved (parse + CycloneDX 1.6 JSON) | ${paved.toFixed(0)} ms | ${packages} |`);
  console.log(`| paved (parse + SPDX 2.3 JSON) | ${median(spdxRuns).toFixed(0)} ms | ${packages} |`);

  const peer = join(repoRoot, 'node_modules', '.bin', 'cyclonedx-npm');
  if (!existsSync(peer)) {
    console.log('\npeer @cyclonedx/cyclonedx-npm is not installed: no comparison');
    return;
  }
  const peerRuns: number[] = [];
  let peerCount = 0;
  for (let i = 0; i < 3; i++) {
    const out = join(project, 'peer.json');
    const [ms] = await time(() =>
      execFileSync(peer, ['--package-lock-only', '--output-format', 'JSON', '--spec-version', '1.6', '--output-file', out, '--ignore-npm-errors'], { cwd: project, stdio: 'pipe' }),
    );
    peerRuns.push(ms);
    const bom = JSON.parse((await import('node:fs')).readFileSync(out, 'utf8'));
    const countAll = (cs: any[] = []): number => cs.reduce((n, c) => n + 1 + countAll(c.components), 0);
    peerCount = countAll(bom.components);
  }
  const peerMs = median(peerRuns);
  console.log(`| @cyclonedx/cyclonedx-npm --package-lock-only (runs \`npm ls\`) | ${peerMs.toFixed(0)} ms (median of 3) | ${peerCount} |`);
  console.log(`\nratio: paved is ${(peerMs / paved).toFixed(1)}× faster than the peer on the same lockfile (target < 1 s: ${paved < 1000 ? 'met' : 'NOT met'}).`);
}

/** OSV-like records: 50,000 package names, 4 records each, 1–2 ranges mixing fixed, last_affected and prereleases. */
function generateRecords(count: number, names: string[]): Record<string, StoredRecord> {
  const rand = rng(11);
  const records: Record<string, StoredRecord> = {};
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length]!;
    const major = Math.floor(rand() * 5);
    const minor = Math.floor(rand() * 20);
    const ranges = [
      {
        type: 'SEMVER' as const,
        events: [{ introduced: rand() < 0.3 ? '0' : `${major}.0.0` }, rand() < 0.85 ? { fixed: `${major}.${minor}.${Math.floor(rand() * 10)}` } : { last_affected: `${major}.${minor}.0` }],
      },
    ];
    if (rand() < 0.3) ranges.push({ type: 'SEMVER', events: [{ introduced: `${major + 1}.0.0-beta.1` }, { fixed: `${major + 1}.${minor}.1` }] });
    const id = `GHSA-bench-${i}`;
    records[id] = {
      id,
      modified: '2024-01-01T00:00:00Z',
      aliases: [`CVE-2024-${i}`],
      summary: `Generated advisory ${i} for ${name}`,
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [{ name, ranges }],
    };
  }
  return records;
}

async function matchBenchmark(dir: string): Promise<void> {
  const names = Array.from({ length: 50_000 }, (_, i) => `lib-${i}`);
  const dbDir = join(dir, 'db');
  mkdirSync(dbDir);
  const records = generateRecords(200_000, names);
  // Written in the store's own format (what `paved vulndb import` produces), without 200,000 files.
  const fileText = Object.values(records).flatMap((r) => recordLines(r, 'npm')).join('\n') + '\n';
  writeFileSync(join(dbDir, 'npm.tsv'), fileText);
  writeFileSync(join(dbDir, 'manifest.json'), JSON.stringify({ format: 1, updated: '', ecosystems: { npm: { file: 'npm.tsv', records: 200_000, withdrawn: 0, newestModified: '2024-01-01T00:00:00Z' } } }));
  const rand = rng(3);
  const pkgs: Package[] = Array.from({ length: 10_000 }, (_, i) => {
    const name = names[Math.floor(rand() * names.length)]!;
    const version = `${Math.floor(rand() * 6)}.${Math.floor(rand() * 25)}.${Math.floor(rand() * 10)}`;
    return { id: `${name}@${version}#${i}`, ecosystem: 'npm', name, version, purl: '', direct: false, scope: 'runtime', paths: [['app', name]], hashes: [], dependencies: [] };
  });
  const runs: Array<{ load: number; match: number; total: number; hits: number }> = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const db = new VulnDb(dbDir);
    const matcher = new Matcher(db);
    await db.load('npm');
    const t1 = performance.now();
    const ctx = { notes: new Set<string>() };
    let hits = 0;
    for (const p of pkgs) hits += (await matcher.match(p, ctx)).length;
    const t2 = performance.now();
    runs.push({ load: t1 - t0, match: t2 - t1, total: t2 - t0, hits });
  }
  const best = runs.sort((a, b) => a.total - b.total)[1]!; // median of 3
  console.log(`\n### Matching 10,000 packages against 200,000 OSV records\n`);
  console.log('| step | time (median of 3) |');
  console.log('|---|---|');
  console.log(`| read + index the stored npm database by name (${(fileText.length / 2 ** 20).toFixed(0)} MiB, no JSON parsing) | ${best.load.toFixed(0)} ms |`);
  console.log(`| parse the records of those names + match 10,000 packages (${best.hits} matches) | ${best.match.toFixed(0)} ms |`);
  console.log(`| total | ${best.total.toFixed(0)} ms (target < 2 s: ${best.total < 2000 ? 'met' : 'NOT met'}) |`);

  // Import throughput: 20,000 real OSV JSON files (schema-validated) into a fresh database.
  const src = join(dir, 'osv');
  mkdirSync(src);
  let n = 0;
  for (const r of Object.values(records)) {
    if (n++ >= 20_000) break;
    writeFileSync(join(src, `${r.id}.json`), JSON.stringify({ schema_version: '1.6.0', id: r.id, modified: r.modified, aliases: r.aliases, summary: r.summary, severity: r.severity, affected: r.affected.map((a) => ({ package: { ecosystem: 'npm', name: a.name }, ranges: a.ranges })) }));
  }
  const [importMs, result] = await time(() => new VulnDb(join(dir, 'db2')).import(src));
  const [reimportMs] = await time(() => new VulnDb(join(dir, 'db2')).import(src));
  console.log(`| \`vulndb import\` of 20,000 OSV JSON files (validated) | ${importMs.toFixed(0)} ms (${Math.round(result.added / (importMs / 1000))} records/s); re-import (all unchanged) ${reimportMs.toFixed(0)} ms |`);
  console.log('\nPeer: none installable through npm (osv-scanner and grype are Go programs), so matching has no ratio.');
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paved-bench-sca-'));
  try {
    await sbomBenchmark(dir);
    await matchBenchmark(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
