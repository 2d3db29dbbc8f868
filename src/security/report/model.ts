// What one `paved scan` produced, before it is rendered in a format.
// Glossary:
//   run        the result of one scanner in a scan (SARIF also calls this a run)
//   threshold  the `--fail-on` severity: unsuppressed findings at or above it fail the scan
//   baselined  a finding whose fingerprint is in the baseline file: known, not new, left out of the report
import { severities, severityRank, type Finding, type RuleInfo, type Severity } from '../finding.js';

export interface ScannerRun {
  scanner: string;
  description: string;
  /** New findings (baselined ones removed), suppressed ones included, sorted by file and line. */
  findings: Finding[];
  rules: RuleInfo[];
  notes: string[];
  scanned: number;
  /** Plural noun for `scanned`: files, packages, commits. */
  scannedUnit: string;
  /** How many findings matched the baseline and were left out. */
  baselined: number;
  /** Set when the scanner threw; the failure is also a `paved.scanner-error` finding. */
  error?: string;
}

export interface ScanReport {
  runs: ScannerRun[];
}

export const failOnLevels = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type FailOn = (typeof failOnLevels)[number];

export function isFailOn(value: string): value is FailOn {
  return (failOnLevels as readonly string[]).includes(value);
}

/** True when this finding fails the gate: unsuppressed and at or above the threshold. */
export function failsGate(finding: Finding, failOn: FailOn): boolean {
  if (failOn === 'none' || finding.suppressed) return false;
  return severityRank(finding.severity) >= severityRank(failOn);
}

export interface Summary {
  /** Unsuppressed new findings. */
  findings: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  baselined: number;
  /** Units scanned, by unit: `{ files: 120, packages: 300 }`. */
  scanned: Record<string, number>;
  failOn: FailOn;
  /** Findings that fail the gate. */
  failing: number;
}

export function summarize(report: ScanReport, failOn: FailOn): Summary {
  const bySeverity = Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  const scanned: Record<string, number> = {};
  let findings = 0;
  let suppressed = 0;
  let baselined = 0;
  let failing = 0;
  for (const run of report.runs) {
    baselined += run.baselined;
    scanned[run.scannedUnit] = (scanned[run.scannedUnit] ?? 0) + run.scanned;
    for (const finding of run.findings) {
      if (finding.suppressed) {
        suppressed++;
        continue;
      }
      findings++;
      bySeverity[finding.severity]++;
      if (failsGate(finding, failOn)) failing++;
    }
  }
  return { findings, bySeverity, suppressed, baselined, scanned, failOn, failing };
}

/** "5 findings (1 critical, 4 high), 2 suppressed, 3 in baseline, 120 files scanned" */
export function summaryLine(summary: Summary): string {
  const counts = severities.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  const parts = [`${plural(summary.findings, 'finding')}${counts.length ? ` (${counts.join(', ')})` : ''}`];
  if (summary.suppressed) parts.push(`${summary.suppressed} suppressed`);
  if (summary.baselined) parts.push(`${summary.baselined} in baseline`);
  const scanned = Object.entries(summary.scanned).map(([unit, n]) => `${n} ${unit}`);
  parts.push(`${scanned.length ? scanned.join(', ') : '0 files'} scanned`);
  return parts.join(', ');
}

/** The verdict line: what failed the gate, or that nothing did. */
export function gateLine(summary: Summary): string {
  if (summary.failOn === 'none') return 'Gate: off (--fail-on none)';
  if (!summary.failing) return `Gate: passed, nothing at or above ${summary.failOn}`;
  return `Gate: failed, ${plural(summary.failing, 'finding')} at or above ${summary.failOn}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Every finding in the report, in run order. */
export function allFindings(report: ScanReport): Finding[] {
  return report.runs.flatMap((run) => run.findings);
}
