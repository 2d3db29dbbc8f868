// Turns engine hits into the shared Finding model: redacted values, stable fingerprints, git context.
import { createHash } from 'node:crypto';
import type { Finding, RuleInfo } from '../finding.js';
import { fingerprintOf } from '../finding.js';
import type { CommitInfo, Detector, Hit } from './model.js';

/** The first four characters and the length: enough to recognise a secret, not enough to use it. */
export function redact(secret: string): string {
  return `${secret.slice(0, 4)}… (${secret.length} chars)`;
}

/**
 * Stable across line shifts and across targets (tree, staged, history): the rule, the file and a hash of
 * the secret. The same secret in the same file is the same finding, wherever it moved.
 */
export function secretFingerprint(ruleId: string, file: string, secret: string): string {
  return fingerprintOf('secrets', ruleId, file, createHash('sha256').update(secret).digest('hex'));
}

export interface FindingContext {
  file: string;
  redact: boolean;
  commit?: CommitInfo;
  /** Fingerprint → reason, from `.pavedignore`. */
  ignored?: Map<string, string>;
  remediation?: string;
}

export function hitToFinding(hit: Hit, ctx: FindingContext): Finding {
  const shown = ctx.redact ? redact(hit.secret) : hit.secret;
  const fingerprint = secretFingerprint(hit.ruleId, ctx.file, hit.secret);
  const where = ctx.commit ? ` (introduced in ${ctx.commit.commit.slice(0, 12)} by ${ctx.commit.author} on ${ctx.commit.date.slice(0, 10)})` : '';
  const finding: Finding = {
    ruleId: hit.ruleId,
    scanner: 'secrets',
    severity: hit.severity,
    title: hit.title,
    message: `${hit.title}: ${shown}${where}`,
    file: ctx.file,
    line: hit.line,
    column: hit.column,
    fingerprint,
    properties: {
      secret: shown,
      secretLength: hit.secret.length,
      entropy: hit.entropy,
      ...hit.properties,
      ...(ctx.commit ? { commit: ctx.commit.commit, author: ctx.commit.author, email: ctx.commit.email, date: ctx.commit.date } : {}),
    },
  };
  if (ctx.remediation) finding.remediation = ctx.remediation;
  if (hit.inlineAllow) finding.suppressed = { reason: hit.inlineAllow, source: 'inline' };
  else if (ctx.ignored?.has(fingerprint)) finding.suppressed = { reason: ctx.ignored.get(fingerprint)!, source: 'ignore-file' };
  return finding;
}

export function ruleInfo(detector: Detector): RuleInfo {
  const info: RuleInfo = {
    id: detector.id,
    scanner: 'secrets',
    title: detector.title,
    severity: detector.severity,
    description: detector.description,
    tags: ['secrets', detector.family],
  };
  if (detector.remediation) info.remediation = detector.remediation;
  if (detector.references) info.references = detector.references;
  if (detector.equivalents) info.equivalents = detector.equivalents;
  return info;
}

/** Findings sorted by file, line, rule: the same scan gives the same order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
}
