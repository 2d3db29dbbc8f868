// `paved scan sca`: every lockfile under the root → packages → OSV matches, licence policy and ignore
// file → findings. A pure library: no printing, no process.env; the vulnerability database folder is
// passed in (the CLI layer works out --vulndb / $PAVED_HOME / ./.paved).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../kernel/errors.js';
import { fingerprintOf, type Finding } from '../finding.js';
import type { Scanner, ScanOptions, ScanResult } from '../scanner.js';
import { rateSeverity } from './cvss.js';
import { findIgnore, parseIgnoreFile, type IgnoreList } from './ignore.js';
import { judgeLicence, licencePolicy } from './licence.js';
import { discoverComponents } from './lockfiles/index.js';
import { lineOf } from './lockfiles/types.js';
import { Matcher, type MatchContext } from './match.js';
import { LockfileError, type Component, type Package } from './model.js';
import { VulnDb } from './osv/store.js';
import { scaRules } from './rules.js';

export interface ScaScannerConfig {
  /** Where the database is when the scan names none (`$PAVED_HOME/vulndb` or `./.paved/vulndb`). */
  defaultVulnDb?: string;
  /** Clock for ignore-file expiry (tests). */
  now?: () => Date;
}

export interface ScaOptions {
  'prod-only'?: boolean;
  'deny-licenses'?: string | string[];
  vulndb?: string;
  'ignore-file'?: string;
}

const parseFinding = (error: LockfileError): Finding => ({
  ruleId: 'SCA.PARSE',
  scanner: 'sca',
  severity: 'medium',
  title: 'File cannot be read',
  message: `${error.message}. Its dependencies were not checked.`,
  file: error.file,
  line: error.line,
  column: 0,
  fingerprint: fingerprintOf('sca', 'SCA.PARSE', error.file),
});

/** Go advisories write fixed versions without the `v` that Go versions carry. */
const shown = (p: Package, v: string) => (p.ecosystem === 'Go' && !v.startsWith('v') ? `v${v}` : v);

export function createScaScanner(config: ScaScannerConfig = {}): Scanner {
  return {
    id: 'sca',
    description: 'Known-vulnerable and licence-denied dependencies',
    listRules: () => scaRules,
    async scan({ root, options = {}, onProgress, signal }: ScanOptions): Promise<ScanResult> {
      const opts = options as ScaOptions;
      const now = config.now?.() ?? new Date();
      const notes: string[] = [];
      const findings: Finding[] = [];
      const discovery = await discoverComponents(root, signal);
      findings.push(...discovery.errors.map(parseFinding));

      // The ignore file: named explicitly (must exist) or paved-ignore.yaml at the root (optional).
      let ignores: IgnoreList | undefined;
      // An explicit --ignore-file is relative to where the command runs; the default sits at the scan root.
      const ignoreName = opts['ignore-file'] ?? 'paved-ignore.yaml';
      const ignorePath = opts['ignore-file'] ? resolve(ignoreName) : join(root, ignoreName);
      const ignoreText = await readFile(ignorePath, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' && !opts['ignore-file']) return undefined;
        throw new InputError(`cannot read ignore file ${ignoreName}: ${error.message}`);
      });
      if (ignoreText !== undefined) {
        try {
          ignores = parseIgnoreFile(ignoreText, ignoreName, now);
          for (const e of ignores.expired) notes.push(`${ignoreName}:${e.line}: the acceptance of ${e.id} expired on ${e.until}; it no longer applies`);
        } catch (error) {
          if (!(error instanceof LockfileError)) throw error;
          findings.push(parseFinding(error));
        }
      }

      const denied = [opts['deny-licenses'] ?? []].flat().flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
      const policy = denied.length ? licencePolicy(denied) : undefined;

      const dbDir = opts.vulndb ?? config.defaultVulnDb;
      const db = dbDir ? new VulnDb(dbDir) : undefined;
      let matcher: Matcher | undefined;
      if (db?.exists()) matcher = new Matcher(db);
      else if (opts.vulndb) throw new InputError(`no vulnerability database at ${opts.vulndb}: run \`paved vulndb import PATH --db ${opts.vulndb}\` first`);
      else notes.push(`no vulnerability database${dbDir ? ` at ${dbDir}` : ''}: known vulnerabilities were NOT checked (run \`paved vulndb import PATH\`)`);
      if (matcher) {
        const manifest = await db!.manifest();
        const missing = [...new Set(discovery.components.map((c) => c.ecosystem))].filter((e) => !manifest.ecosystems[e]);
        if (missing.length) notes.push(`the vulnerability database has no records for ${missing.join(', ')}: those packages were not checked`);
      }

      const ctx: MatchContext = { notes: new Set() };
      const total = discovery.components.reduce((n, c) => n + c.packages.length, 0);
      let done = 0;
      let unlicensed = 0;
      let scanned = 0;
      for (const component of discovery.components) {
        const text = await readFile(join(root, component.lockfile), 'utf8').catch(() => '');
        for (const pkg of component.packages) {
          signal?.throwIfAborted();
          onProgress?.(++done, total);
          if (opts['prod-only'] && pkg.scope === 'dev') continue;
          scanned++;
          const line = lineOf(text, pkg.name);
          if (matcher) for (const m of await matcher.match(pkg, ctx)) findings.push(vulnFinding(component, pkg, m, line, ignores));
          if (policy) {
            if (!pkg.license) unlicensed++;
            else {
              const verdict = judgeLicence(pkg.license, policy);
              if (verdict.verdict === 'denied') findings.push(licenceFinding(component, pkg, line, denied));
              else if (verdict.verdict === 'invalid') notes.push(`${component.lockfile}: ${pkg.id} has a licence that is not an SPDX expression (${JSON.stringify(pkg.license)}); it was not judged`);
            }
          }
        }
      }
      if (policy && unlicensed) notes.push(`${unlicensed} package(s) have no licence recorded in their lockfile (only npm v2+ and composer lockfiles carry licences); the licence policy could not judge them`);
      notes.push(...ctx.notes);
      return { findings, rules: scaRules, notes, scanned };
    },
  };
}

function vulnFinding(c: Component, pkg: Package, m: Awaited<ReturnType<Matcher['match']>>[number], line: number, ignores: IgnoreList | undefined): Finding {
  const r = m.record;
  const rated = rateSeverity(r.severity, r.dbSeverity);
  const ids = [r.id, ...(r.aliases ?? [])];
  const path = pkg.paths[0]?.join(' > ') ?? pkg.name;
  const devOnly = pkg.scope === 'dev';
  const fix = m.upgradeTo ? shown(pkg, m.upgradeTo) : undefined;
  const ignored = findIgnore(ignores, ids, pkg.name);
  return {
    ruleId: 'SCA.VULN',
    scanner: 'sca',
    severity: rated.severity,
    title: `${r.id}${r.summary ? `: ${r.summary}` : ''}`,
    message:
      `${pkg.name}@${pkg.version} is affected by ${ids.join(' / ')}${r.summary ? ` (${r.summary})` : ''}. ` +
      `${fix ? `Fixed in ${fix}.` : m.fixed.length ? `Fixed versions: ${m.fixed.map((f) => shown(pkg, f)).join(', ')}.` : 'No fixed version is known.'} ` +
      `Path: ${path}${devOnly ? ' (dev only)' : ''}.`,
    file: c.lockfile,
    line,
    column: 0,
    resource: `${pkg.name}@${pkg.version}`,
    remediation: fix ? `Upgrade ${pkg.name} to ${fix} or later.` : 'No release fixes this yet: remove the package, mitigate, or accept the risk in paved-ignore.yaml.',
    references: r.references,
    fingerprint: fingerprintOf('sca', r.id, c.lockfile, pkg.name, pkg.version),
    ...(ignored ? { suppressed: { reason: ignored.reason, source: 'ignore-file' } } : {}),
    properties: {
      osvId: r.id,
      aliases: r.aliases ?? [],
      ecosystem: pkg.ecosystem,
      package: pkg.name,
      version: pkg.version,
      purl: pkg.purl,
      fixedVersions: m.fixed.map((f) => shown(pkg, f)),
      ...(fix ? { upgradeTo: fix } : {}),
      dependencyPath: path,
      dependencyPaths: pkg.paths.map((p) => p.join(' > ')),
      direct: pkg.direct,
      scope: pkg.scope,
      devOnly,
      severitySource: rated.source,
      ...(rated.score !== undefined ? { cvssScore: rated.score, cvssVector: rated.vector } : {}),
    },
  };
}

function licenceFinding(c: Component, pkg: Package, line: number, denied: string[]): Finding {
  return {
    ruleId: 'SCA.LICENSE',
    scanner: 'sca',
    severity: 'high',
    title: `Denied licence: ${pkg.license}`,
    message: `${pkg.name}@${pkg.version} is licensed ${pkg.license}, which the policy denies (${denied.join(', ')}). Path: ${pkg.paths[0]?.join(' > ') ?? pkg.name}${pkg.scope === 'dev' ? ' (dev only)' : ''}.`,
    file: c.lockfile,
    line,
    column: 0,
    resource: `${pkg.name}@${pkg.version}`,
    remediation: 'Replace the package or obtain it under another licence.',
    fingerprint: fingerprintOf('sca', 'SCA.LICENSE', c.lockfile, pkg.name, pkg.version),
    properties: { package: pkg.name, version: pkg.version, purl: pkg.purl, license: pkg.license, scope: pkg.scope, devOnly: pkg.scope === 'dev' },
  };
}

export const scaScanner = createScaScanner();
