// SARIF 2.1.0 (OASIS), the format code-scanning services ingest. One run per scanner, each with its own
// tool name and automation category, because code-scanning services key analyses on tool + category and
// reject files where several runs share them. Validated against the official schema in report.test.ts.
import { severityRank, type Finding, type RuleInfo, type Severity } from '../finding.js';
import type { ScanReport, ScannerRun } from './model.js';
import type { RenderContext } from './render.js';

type Level = 'error' | 'warning' | 'note';

const levelOf: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

// The CVSS-like score code-scanning services use to bucket alerts: ≥9 critical, 7–8.9 high, 4–6.9 medium, <4 low.
const securitySeverity: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.0' };

/** Suppression sources that live in the scanned file itself; the others (baseline, ignore file, config) are external. */
const inSourceSuppressions = new Set(['inline', 'metadata', 'annotation', 'comment']);

export const sarifSchemaUri = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export function sarifReport(report: ScanReport, ctx: RenderContext): Record<string, unknown> {
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: report.runs.map((run) => sarifRun(run, ctx)),
  };
}

export function renderSarif(report: ScanReport, ctx: RenderContext): string {
  return JSON.stringify(sarifReport(report, ctx), null, 2) + '\n';
}

function sarifRun(run: ScannerRun, ctx: RenderContext) {
  const rules = rulesOf(run);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const notifications = [
    ...run.notes.map((note) => ({ level: 'note', message: { text: note } })),
    ...(run.error ? [{ level: 'error', message: { text: run.error } }] : []),
  ];
  return {
    tool: {
      driver: {
        name: `paved-${run.scanner}`,
        fullName: `Paved ${run.scanner} scanner${run.description ? `: ${run.description}` : ''}`,
        version: ctx.toolVersion,
        semanticVersion: ctx.toolVersion,
        rules: rules.map(sarifRule),
      },
    },
    automationDetails: { id: `paved/${run.scanner}/` },
    invocations: [
      {
        executionSuccessful: !run.error,
        ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    columnKind: 'utf16CodeUnits',
    results: run.findings.map((finding) => sarifResult(finding, index.get(finding.ruleId)!)),
  };
}

/** The scanner's rules, plus a rule made from the finding for any rule id the scanner did not describe. */
function rulesOf(run: ScannerRun): RuleInfo[] {
  const rules = new Map(run.rules.map((rule) => [rule.id, rule]));
  for (const f of run.findings) {
    if (!rules.has(f.ruleId)) {
      rules.set(f.ruleId, { id: f.ruleId, scanner: f.scanner, title: f.title, severity: f.severity, description: f.title, remediation: f.remediation, references: f.references });
    }
  }
  return [...rules.values()];
}

function sarifRule(rule: RuleInfo) {
  const helpUri = rule.references?.find((r) => /^https?:\/\//.test(r));
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: levelOf[rule.severity] },
    properties: {
      tags: [...new Set(['security', rule.scanner, ...(rule.tags ?? [])])],
      'security-severity': securitySeverity[rule.severity],
      severity: rule.severity,
      ...(rule.equivalents ? { equivalents: rule.equivalents } : {}),
    },
  };
}

function helpText(rule: RuleInfo): string {
  const parts = [rule.description || rule.title];
  if (rule.remediation) parts.push(`Remediation: ${rule.remediation}`);
  if (rule.references?.length) parts.push(`References: ${rule.references.join(', ')}`);
  return parts.join('\n\n');
}

function helpMarkdown(rule: RuleInfo): string {
  const parts = [`**${rule.title}** (${rule.severity})`, rule.description || rule.title];
  if (rule.remediation) parts.push(`**Remediation:** ${rule.remediation}`);
  if (rule.references?.length) parts.push(`**References:**\n\n${rule.references.map((r) => `- ${r}`).join('\n')}`);
  const equivalents = Object.entries(rule.equivalents ?? {}).filter(([, ids]) => ids.length);
  if (equivalents.length) parts.push(`**Equivalent rules:** ${equivalents.map(([tool, ids]) => `${tool} ${ids.join(', ')}`).join('; ')}`);
  return parts.join('\n\n');
}

function sarifResult(finding: Finding, ruleIndex: number) {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levelOf[finding.severity],
    message: { text: finding.message || finding.title },
    ...(finding.file ? { locations: [location(finding)] } : {}),
    partialFingerprints: { 'paved/v1': finding.fingerprint },
    ...(finding.suppressed
      ? {
          suppressions: [
            {
              kind: inSourceSuppressions.has(finding.suppressed.source) ? 'inSource' : 'external',
              status: 'accepted',
              justification: finding.suppressed.reason,
            },
          ],
        }
      : {}),
    properties: {
      ...(finding.properties ?? {}),
      severity: finding.severity,
      'security-severity': securitySeverity[finding.severity],
      title: finding.title,
      ...(finding.resource ? { resource: finding.resource } : {}),
      ...(finding.remediation ? { remediation: finding.remediation } : {}),
      ...(finding.suppressed ? { suppressionSource: finding.suppressed.source } : {}),
    },
    rank: severityRank(finding.severity) * 25,
  };
}

function location(finding: Finding) {
  const region =
    finding.line >= 1
      ? {
          startLine: finding.line,
          ...(finding.column >= 1 ? { startColumn: finding.column } : {}),
          ...(finding.endLine && finding.endLine >= finding.line ? { endLine: finding.endLine } : {}),
        }
      : undefined;
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(finding.file), uriBaseId: '%SRCROOT%' },
      ...(region ? { region } : {}),
    },
    ...(finding.resource ? { logicalLocations: [{ fullyQualifiedName: finding.resource }] } : {}),
  };
}

/** A relative URI reference: each path segment percent-encoded, slashes kept. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
