// Output formats of `paved guard validate`: cfn-guard's single-line-summary (the default), json, yaml,
// junit and sarif. Each takes the validations of one run and returns the text to print.
import { stringify } from 'yaml';
import type { Failure, RuleResult, Status } from './evaluate.js';
import { overall, type Validation } from './validate.js';

export const outputFormats = ['single-line-summary', 'json', 'yaml', 'junit', 'sarif'] as const;
export type OutputFormat = (typeof outputFormats)[number];
export const summaryChoices = ['none', 'all', 'pass', 'fail', 'skip'] as const;
export type SummaryChoice = (typeof summaryChoices)[number];

export interface FormatOptions {
  show: SummaryChoice[];
  showClauseFailures: boolean;
}

const byData = (validations: Validation[]): Map<string, Validation[]> => {
  const m = new Map<string, Validation[]>();
  for (const v of validations) m.set(v.dataFile, [...(m.get(v.dataFile) ?? []), v]);
  return m;
};

/** The logical id when the path is under /Resources (what cfn-guard calls the resource). */
export function resourceOf(path: string): string | undefined {
  const m = /^\/Resources\/([^/]+)/.exec(path);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

export function describeFailure(f: Failure, dataFile: string, rulesFile: string): string[] {
  const where = f.line ? `${dataFile}:${f.line}:${f.column}` : dataFile;
  const lines = [
    `  Clause:   ${f.clause}  (${rulesFile}:${f.clauseLine}:${f.clauseColumn})`,
    `  Data:     ${where}  ${f.path || '/'}`,
    `  Expected: ${f.expected}`,
    `  Found:    ${f.found}`,
  ];
  if (f.message) lines.push(`  Message:  ${f.message}`);
  return lines;
}

export function singleLineSummary(validations: Validation[], options: FormatOptions): string {
  const out: string[] = [];
  const show = new Set(options.show.includes('all') ? ['pass', 'fail', 'skip'] : options.show);
  for (const [dataFile, vs] of byData(validations)) {
    out.push(`${dataFile} Status = ${overall(vs.map((v) => v.status))}`);
    const groups: Array<[Status, string, string]> = [['SKIP', 'skip', 'SKIPPED rules'], ['PASS', 'pass', 'PASS rules'], ['FAIL', 'fail', 'FAILED rules']];
    for (const [status, key, title] of groups) {
      if (!show.has(key)) continue;
      const rows = vs.flatMap((v) => v.rules.filter((r) => r.status === status).map((r) => ({ v, r })));
      if (!rows.length) continue;
      out.push(title);
      for (const { v, r } of rows) {
        out.push(`${v.rulesFile}/${r.name}`.padEnd(40) + ' ' + status);
        if (options.showClauseFailures && status === 'FAIL') {
          for (const f of r.failures) out.push(`    ${f.clause} at ${f.path || '/'}: expected ${f.expected}, found ${f.found}`);
        }
      }
    }
    out.push('---');
    for (const v of vs) {
      const failed = v.rules.filter((r) => r.status === 'FAIL');
      if (!failed.length) continue;
      const resources = new Set(failed.flatMap((r) => r.failures.map((f) => resourceOf(f.path)).filter(Boolean)));
      out.push(`Evaluating data ${dataFile} against rules ${v.rulesFile}`);
      out.push(`Number of non-compliant resources ${resources.size}`);
      for (const r of failed) {
        for (const f of r.failures) {
          const res = resourceOf(f.path);
          out.push(`Rule [${r.name}] FAILED${res ? ` for resource [${res}]` : ''}`);
          out.push(...describeFailure(f, dataFile, v.rulesFile));
        }
      }
    }
  }
  return out.join('\n') + '\n';
}

function failureJson(f: Failure, dataFile: string, rulesFile: string) {
  return {
    clause: f.clause,
    clause_location: { file: rulesFile, line: f.clauseLine, column: f.clauseColumn },
    path: f.path || '/',
    location: { file: dataFile, line: f.line, column: f.column },
    resource: resourceOf(f.path),
    expected: f.expected,
    found: f.found,
    ...(f.message ? { message: f.message } : {}),
  };
}

/** Structured report, one entry per data file × rules file (cfn-guard's json/yaml shape, simplified). */
export function structured(validations: Validation[]) {
  return validations.map((v) => ({
    name: v.dataFile,
    rules_file: v.rulesFile,
    status: v.status,
    not_compliant: v.rules
      .filter((r) => r.status === 'FAIL')
      .map((r) => ({ rule: r.name, failures: r.failures.map((f) => failureJson(f, v.dataFile, v.rulesFile)) })),
    not_applicable: v.rules.filter((r) => r.status === 'SKIP').map((r) => r.name),
    compliant: v.rules.filter((r) => r.status === 'PASS').map((r) => r.name),
  }));
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junit(validations: Validation[]): string {
  const all = validations.flatMap((v) => v.rules);
  const count = (s: Status) => all.filter((r) => r.status === s).length;
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="paved guard validate" tests="${all.length}" failures="${count('FAIL')}" skipped="${count('SKIP')}">`];
  for (const v of validations) {
    const c = (s: Status) => v.rules.filter((r) => r.status === s).length;
    out.push(`  <testsuite name="${xml(v.dataFile)}" tests="${v.rules.length}" failures="${c('FAIL')}" skipped="${c('SKIP')}">`);
    for (const r of v.rules) {
      out.push(`    <testcase name="${xml(r.name)}" classname="${xml(v.rulesFile)}">`);
      if (r.status === 'FAIL') {
        const text = r.failures.flatMap((f) => describeFailure(f, v.dataFile, v.rulesFile)).join('\n');
        const first = r.failures[0];
        out.push(`      <failure message="${xml(first ? first.message ?? `${first.clause}: expected ${first.expected}, found ${first.found}` : 'rule failed')}">${xml(text)}</failure>`);
      } else if (r.status === 'SKIP') out.push('      <skipped/>');
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

export function sarif(validations: Validation[], version: string): string {
  const ruleIds = [...new Set(validations.flatMap((v) => v.rules.map((r) => r.name)))].sort();
  const results = validations.flatMap((v) =>
    v.rules
      .filter((r: RuleResult) => r.status === 'FAIL')
      .flatMap((r) =>
        r.failures.map((f) => ({
          ruleId: r.name,
          level: 'error' as const,
          message: { text: `${f.message ? f.message + ': ' : ''}${f.clause} — expected ${f.expected}, found ${f.found} at ${f.path || '/'}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: v.dataFile },
                ...(f.line ? { region: { startLine: f.line, startColumn: Math.max(1, f.column) } } : {}),
              },
              ...(resourceOf(f.path) ? { logicalLocations: [{ name: resourceOf(f.path)!, kind: 'resource' }] } : {}),
            },
          ],
          properties: { rulesFile: v.rulesFile, path: f.path || '/' },
        })),
      ),
  );
  const log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'paved guard', version, informationUri: 'https://docs.aws.amazon.com/cfn-guard/', rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })) } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

export function formatValidations(validations: Validation[], format: OutputFormat, options: FormatOptions, version: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify(structured(validations), null, 2) + '\n';
    case 'yaml':
      return stringify(structured(validations));
    case 'junit':
      return junit(validations);
    case 'sarif':
      return sarif(validations, version);
    default:
      return singleLineSummary(validations, options);
  }
}
