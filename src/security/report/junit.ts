// JUnit XML, for CI systems that show test reports but not SARIF. One testsuite per scanner; each finding is a
// testcase that fails when it fails the gate, is skipped when suppressed, and passes when below the threshold.
// A scanner that crashed is an <error>. A scanner with no findings gets one passing testcase so it shows up.
import type { Finding } from '../finding.js';
import { failsGate, type ScanReport, type ScannerRun } from './model.js';
import type { RenderContext } from './render.js';

export function renderJunit(report: ScanReport, ctx: RenderContext): string {
  const suites = report.runs.map((run) => suite(run, ctx));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const errors = suites.reduce((n, s) => n + s.errors, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="paved scan" tests="${tests}" failures="${failures}" errors="${errors}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(run: ScannerRun, ctx: RenderContext) {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const f of run.findings) {
    const attrs = `classname="${attr(`paved.${run.scanner}.${f.ruleId}`)}" name="${attr(caseName(f))}"`;
    const body = details(f);
    if (f.ruleId === 'paved.scanner-error') {
      errors++;
      cases.push(`    <testcase ${attrs}>\n      <error message="${attr(f.message)}" type="${attr(f.ruleId)}">${text(body)}</error>\n    </testcase>`);
    } else if (f.suppressed) {
      skipped++;
      cases.push(`    <testcase ${attrs}>\n      <skipped message="${attr(`suppressed (${f.suppressed.source}): ${f.suppressed.reason}`)}"/>\n    </testcase>`);
    } else if (failsGate(f, ctx.failOn)) {
      failures++;
      cases.push(`    <testcase ${attrs}>\n      <failure message="${attr(`${f.severity}: ${f.message}`)}" type="${attr(f.severity)}">${text(body)}</failure>\n    </testcase>`);
    } else {
      cases.push(`    <testcase ${attrs}>\n      <system-out>${text(`${f.severity} (below --fail-on ${ctx.failOn})\n${body}`)}</system-out>\n    </testcase>`);
    }
  }
  if (!cases.length) cases.push(`    <testcase classname="paved.${attr(run.scanner)}" name="no findings"/>`);
  const tests = cases.length;
  const xml = [
    `  <testsuite name="${attr(run.scanner)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return { xml, tests, failures, errors };
}

function caseName(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '(scan)';
  return `${where} ${f.ruleId}${f.resource ? ` ${f.resource}` : ''}`;
}

function details(f: Finding): string {
  const lines = [`${f.title}`, f.message];
  if (f.resource) lines.push(`Resource: ${f.resource}`);
  if (f.remediation) lines.push(`Fix: ${f.remediation}`);
  if (f.references?.length) lines.push(`References: ${f.references.join(', ')}`);
  return lines.join('\n');
}

// XML 1.0 forbids most control characters even when escaped; drop them rather than emit an unreadable file.
const invalidXml = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(invalidXml, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
