import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Both are CommonJS modules whose export is the function itself, with `.default` pointing to it as well.
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, type Finding, type RuleInfo, type Severity } from '../finding.js';
import type { Scanner } from '../scanner.js';
import { failsGate, renderReport, runScan, summarize, summaryLine, type RenderContext, type ScanReport } from './index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function finding(severity: Severity, over: Partial<Finding> = {}): Finding {
  const ruleId = over.ruleId ?? `fake.${severity}`;
  const file = over.file ?? 'infra/app stack.yaml';
  return {
    ruleId,
    scanner: 'fake',
    severity,
    title: `A ${severity} problem`,
    message: `Bucket Logs <has> a ${severity} "problem" & more`,
    file,
    line: 12,
    column: 5,
    resource: 'Logs',
    remediation: 'Turn it off.',
    references: ['https://example.org/rule', '[S3.1]'],
    fingerprint: fingerprintOf('fake', ruleId, file, over.resource ?? 'Logs', over.line),
    ...over,
  };
}

const rules: RuleInfo[] = (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) => ({
  id: `fake.${severity}`,
  scanner: 'fake',
  title: `A ${severity} problem`,
  severity,
  description: `Why a ${severity} problem matters.`,
  remediation: 'Turn it off.',
  references: ['https://example.org/rule'],
  equivalents: { checkov: ['CKV_FAKE_1'] },
  tags: ['s3'],
}));

function fakeScanner(id: string, findings: Finding[], extra: Partial<Scanner> = {}): Scanner {
  return {
    id,
    description: `fake ${id} scanner`,
    listRules: () => rules,
    scan: async ({ onProgress }) => {
      onProgress?.(1, 1);
      return { findings: findings.map((f) => ({ ...f, scanner: id })), rules, notes: ['skipped 1 binary file'], scanned: 3 };
    },
    ...extra,
  };
}

const crashing: Scanner = {
  id: 'crashy',
  description: 'always fails',
  listRules: () => [],
  scan: async () => {
    throw new Error('parser exploded');
  },
};

const mixedFindings = [
  finding('critical'),
  finding('high', { line: 3, column: 0 }),
  finding('medium', { file: 'src/ä/x.ts', resource: undefined }),
  finding('low', { suppressed: { reason: 'accepted for the demo bucket', source: 'inline' } }),
  finding('info', { suppressed: { reason: 'tracked in JIRA-1', source: 'ignore-file' }, line: 0, column: 0 }),
  finding('high', { ruleId: 'fake.undeclared', file: 'whole-file.tf', line: 0, column: 0, properties: { commit: 'abc123' } }),
];

async function mixedReport(): Promise<ScanReport> {
  return runScan({ root: repoRoot, scanners: [fakeScanner('iac', mixedFindings), fakeScanner('secrets', []), crashing] });
}

const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({ failOn: 'high', color: false, toolVersion: '1.2.3', ...over });

describe('runScan', () => {
  it('sorts findings by location, reports progress per scanner and turns a crash into a finding', async () => {
    const progress: string[] = [];
    const report = await runScan({
      root: repoRoot,
      scanners: [fakeScanner('iac', mixedFindings), crashing],
      onProgress: (scanner, done, total) => progress.push(`${scanner} ${done}/${total}`),
    });
    expect(progress).toEqual(['iac 1/1']);
    expect(report.runs.map((r) => r.scanner)).toEqual(['iac', 'crashy']);
    expect(report.runs[0]!.findings.map((f) => `${f.file}:${f.line}`)).toEqual([
      'infra/app stack.yaml:0',
      'infra/app stack.yaml:3',
      'infra/app stack.yaml:12',
      'infra/app stack.yaml:12',
      'src/ä/x.ts:12',
      'whole-file.tf:0',
    ]);
    const crash = report.runs[1]!;
    expect(crash.error).toBe('parser exploded');
    expect(crash.findings).toMatchObject([{ ruleId: 'paved.scanner-error', severity: 'high', scanner: 'crashy' }]);
    expect(crash.findings[0]!.message).toContain('parser exploded');
  });

  it('loads table entries lazily and reports a failing load as a scanner error', async () => {
    const report = await runScan({
      root: repoRoot,
      scanners: [
        { id: 'lazy', description: 'lazy', load: async () => fakeScanner('lazy', [finding('low')]) },
        { id: 'broken', description: 'broken', load: async () => Promise.reject(new Error('cannot find module')) },
      ],
    });
    expect(report.runs[0]!.findings).toHaveLength(1);
    expect(report.runs[1]!.findings[0]!.message).toContain('cannot find module');
  });

  it('turns a malformed finding into a scanner error instead of a corrupt report', async () => {
    const bad = fakeScanner('sloppy', [finding('high', { severity: 'severe' as Severity })]);
    const report = await runScan({ root: repoRoot, scanners: [bad] });
    expect(report.runs[0]!.findings).toMatchObject([{ ruleId: 'paved.scanner-error', scanner: 'sloppy' }]);
    expect(report.runs[0]!.error).toBe("returned an invalid finding: findings[0] (fake.high): severity 'severe' is not one of critical, high, medium, low, info");
  });

  it('passes each scanner its own options and leaves baselined findings out, counting them', async () => {
    const seen: unknown[] = [];
    const scanner = fakeScanner('secrets', [finding('high'), finding('low')], {
      scan: async ({ options }) => {
        seen.push(options);
        return { findings: [finding('high'), finding('low')], rules };
      },
    });
    const high = finding('high').fingerprint;
    const report = await runScan({
      root: repoRoot,
      scanners: [scanner],
      options: { secrets: { history: true }, iac: { other: 1 } },
      isBaselined: (f) => f.fingerprint === high,
    });
    expect(seen).toEqual([{ history: true }]);
    expect(report.runs[0]!.findings.map((f) => f.severity)).toEqual(['low']);
    expect(summarize(report, 'high')).toMatchObject({ findings: 1, baselined: 1, failing: 0 });
  });
});

describe('gate and summary', () => {
  it('fails at or above the threshold and never for suppressed findings', () => {
    expect(failsGate(finding('high'), 'high')).toBe(true);
    expect(failsGate(finding('critical'), 'high')).toBe(true);
    expect(failsGate(finding('medium'), 'high')).toBe(false);
    expect(failsGate(finding('low'), 'low')).toBe(true);
    expect(failsGate(finding('critical'), 'none')).toBe(false);
    expect(failsGate(finding('critical', { suppressed: { reason: 'r', source: 'inline' } }), 'low')).toBe(false);
  });

  it('summarises counts by severity, suppressions and scanned units', async () => {
    const summary = summarize(await mixedReport(), 'high');
    expect(summary).toMatchObject({ findings: 5, suppressed: 2, failing: 4, scanned: { files: 6 } });
    expect(summary.bySeverity).toEqual({ critical: 1, high: 3, medium: 1, low: 0, info: 0 });
    expect(summaryLine(summary)).toBe('5 findings (1 critical, 3 high, 1 medium), 2 suppressed, 6 files scanned');
  });
});

describe('table format', () => {
  it('groups by severity, shows suppressions with reasons, notes, summary and gate, without colour', async () => {
    const text = renderReport(await mixedReport(), 'table', ctx());
    expect(text).not.toContain('\x1b[');
    expect(text.indexOf('CRITICAL (1)')).toBeLessThan(text.indexOf('HIGH (3)'));
    expect(text.indexOf('HIGH (3)')).toBeLessThan(text.indexOf('MEDIUM (1)'));
    expect(text).toContain('fake.critical  infra/app stack.yaml:12:5  Logs');
    expect(text).toContain('fix: Turn it off.');
    expect(text).toContain('(below --fail-on)');
    expect(text).toMatch(/SUPPRESSED \(2\)\n[\s\S]*fake\.low .*\(inline\) accepted for the demo bucket/);
    expect(text).toContain('iac: skipped 1 binary file');
    expect(text).toContain('paved.scanner-error  (scan)');
    expect(text).toContain('Gate: failed, 4 findings at or above high');
  });

  it('groups by file and colours only when asked', async () => {
    const text = renderReport(await mixedReport(), 'table', ctx({ groupBy: 'file', color: true }));
    expect(text).toContain('\x1b[');
    const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^infra\/app stack\.yaml\n {2}3 +HIGH +fake\.high  Logs\n[\s\S]*\n {2}12:5 +CRITICAL fake\.critical/);
    expect(plain.indexOf('whole-file.tf')).toBeLessThan(plain.indexOf('(scan)'));
    expect(plain.indexOf('infra/app stack.yaml')).toBeLessThan(plain.indexOf('whole-file.tf'));
  });
});

describe('json format', () => {
  it('has the documented shape', async () => {
    const json = JSON.parse(renderReport(await mixedReport(), 'json', ctx()));
    expect(Object.keys(json)).toEqual(['version', 'tool', 'findings', 'summary']);
    expect(json.version).toBe(1);
    expect(json.tool).toEqual({ name: 'paved', version: '1.2.3' });
    expect(json.findings).toHaveLength(7);
    expect(json.summary).toMatchObject({ findings: 5, suppressed: 2, failing: 4, failed: true, failOn: 'high' });
    expect(json.summary.scanners.map((s: { id: string }) => s.id)).toEqual(['iac', 'secrets', 'crashy']);
    expect(json.summary.scanners[2].error).toBe('parser exploded');
  });
});

describe('sarif format', () => {
  const schemaPath = join(repoRoot, '..', 'shared', 'schemas', 'sarif-2.1.0.schema.json');

  function validator() {
    // Fail loudly rather than skip: without the schema this test would prove nothing.
    if (!existsSync(schemaPath)) throw new Error(`SARIF schema not found at ${schemaPath}`);
    // The official SARIF schema is JSON Schema draft-04, which needs Ajv's draft-04 class.
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  }

  it('validates against the official SARIF 2.1.0 schema', async () => {
    const validate = validator();
    const sarif = JSON.parse(renderReport(await mixedReport(), 'sarif', ctx()));
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validation catches a broken document', () => {
    const validate = validator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has one run per scanner with rules, levels, locations, fingerprints and suppressions', async () => {
    const sarif = JSON.parse(renderReport(await mixedReport(), 'sarif', ctx()));
    expect(sarif.runs.map((r: { tool: { driver: { name: string } } }) => r.tool.driver.name)).toEqual(['paved-iac', 'paved-secrets', 'paved-crashy']);
    const run = sarif.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain('fake.undeclared');
    const critical = run.tool.driver.rules[ruleIds.indexOf('fake.critical')];
    expect(critical).toMatchObject({
      shortDescription: { text: 'A critical problem' },
      fullDescription: { text: 'Why a critical problem matters.' },
      defaultConfiguration: { level: 'error' },
      helpUri: 'https://example.org/rule',
      properties: { 'security-severity': '9.5', tags: ['security', 'fake', 's3'] },
    });
    expect(critical.help.markdown).toContain('**Remediation:** Turn it off.');
    expect(critical.help.markdown).toContain('checkov CKV_FAKE_1');

    for (const result of run.results) expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
    const crit = run.results.find((r: { ruleId: string }) => r.ruleId === 'fake.critical');
    expect(crit.level).toBe('error');
    expect(crit.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/app%20stack.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 5 },
    });
    expect(crit.partialFingerprints['paved/v1']).toMatch(/^[0-9a-f]{32}$/);
    const medium = run.results.find((r: { ruleId: string }) => r.ruleId === 'fake.medium');
    expect(medium.level).toBe('warning');
    expect(medium.locations[0].physicalLocation.artifactLocation.uri).toBe('src/%C3%A4/x.ts');
    const low = run.results.find((r: { ruleId: string }) => r.ruleId === 'fake.low');
    expect(low.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'accepted for the demo bucket' }]);
    const info = run.results.find((r: { ruleId: string }) => r.ruleId === 'fake.info');
    expect(info.suppressions[0].kind).toBe('external');
    expect(info.locations[0].physicalLocation.region).toBeUndefined();
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toBe('skipped 1 binary file');
    expect(sarif.runs[2].invocations[0].executionSuccessful).toBe(false);
  });
});

describe('junit format', () => {
  it('is well-formed XML with one suite per scanner and failures only at or above the threshold', async () => {
    const xml = renderReport(await mixedReport(), 'junit', ctx({ failOn: 'critical' }));
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual(['iac', 'secrets', 'crashy']);
    expect(suites[0]).toMatchObject({ tests: '6', failures: '1', errors: '0', skipped: '2' });
    expect(suites[1].testcase.name).toBe('no findings');
    expect(suites[2]).toMatchObject({ errors: '1' });
    expect(doc.testsuites).toMatchObject({ tests: '8', failures: '1', errors: '1' });
    const failing = suites[0].testcase.filter((t: { failure?: unknown }) => t.failure);
    expect(failing.map((t: { classname: string }) => t.classname)).toEqual(['paved.iac.fake.critical']);
    expect(failing[0].failure.message).toBe('critical: Bucket Logs <has> a critical "problem" & more');
  });
});
