// The one finding model every Paved scanner reports in (iac, secrets, sca, sast, policy, …).
// Glossary:
//   finding      one problem at one place, produced by one rule of one scanner
//   fingerprint  a stable id of a finding that survives unrelated edits (line shifts), used by baselines
//   suppressed   the finding is real but a person accepted it, with a reason; it is still reported
import { createHash } from 'node:crypto';

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

/** Higher is worse: critical 4 … info 0. */
export function severityRank(severity: Severity): number {
  return severities.length - 1 - severities.indexOf(severity);
}

export function isSeverity(value: string): value is Severity {
  return (severities as readonly string[]).includes(value);
}

export interface Suppression {
  /** Why the finding is accepted; mandatory. */
  reason: string;
  /** Where the suppression came from: `inline`, `metadata`, `baseline`, `ignore-file`, `config`. */
  source: string;
}

export interface Finding {
  ruleId: string;
  scanner: string;
  severity: Severity;
  title: string;
  message: string;
  /** Path relative to the scan root, with forward slashes. */
  file: string;
  /** 1-based; 0 when the finding is about the file as a whole. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  endLine?: number;
  /** What the finding is about: a resource address (`aws_s3_bucket.logs`), a package (`lodash@4.17.20`), … */
  resource?: string;
  remediation?: string;
  references?: string[];
  fingerprint: string;
  suppressed?: Suppression;
  /** Scanner-specific details that formats may show (commit, author, CVE aliases, dependency path, …). */
  properties?: Record<string, unknown>;
}

/** Describes a rule for the report layer (SARIF rules, `--list-rules`, docs). */
export interface RuleInfo {
  id: string;
  scanner: string;
  title: string;
  severity: Severity;
  description: string;
  remediation?: string;
  references?: string[];
  /** Equivalent ids in other tools (checkov, cfn_nag, gitleaks, …) so suppressions can migrate. */
  equivalents?: Record<string, string[]>;
  tags?: string[];
}

/**
 * A stable fingerprint: sha256 over the scanner, rule, file and a location key that does not depend
 * on line numbers (the resource name, the matched secret's hash, the package id). Callers pass the
 * parts that identify the problem; two findings with the same parts are the same finding.
 */
export function fingerprintOf(...parts: Array<string | number | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
