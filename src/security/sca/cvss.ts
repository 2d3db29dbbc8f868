// Severity from CVSS vectors. CVSS 3.0/3.1 base scores are computed here from the specification's formula
// (FIRST CVSS v3.1 spec §7.1, with its Roundup); CVSS 4.0 uses ae-cvss-calculator, which implements the
// official macro-vector lookup table — re-implementing that 270-entry table would only add risk.
import cvssLib from 'ae-cvss-calculator';
import type { Severity } from '../finding.js';

const weights = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** The spec's Roundup: smallest number, to one decimal, ≥ the input (integer maths avoids 4.000000001 → 4.1). */
function roundup(value: number): number {
  const int = Math.round(value * 100000);
  return int % 10000 === 0 ? int / 100000 : (Math.floor(int / 10000) + 1) / 10;
}

/** Base score of a CVSS:3.0 or CVSS:3.1 vector; undefined when the vector is malformed. */
export function cvss3BaseScore(vector: string): number | undefined {
  const m = /^CVSS:3\.[01]\/(.*)$/.exec(vector.trim());
  if (!m) return undefined;
  const metrics = new Map(m[1]!.split('/').map((p) => p.split(':') as [string, string]));
  const get = <T extends Record<string, number>>(key: string, table: T) => table[metrics.get(key) as keyof T];
  const av = get('AV', weights.AV);
  const ac = get('AC', weights.AC);
  const ui = get('UI', weights.UI);
  const scope = metrics.get('S');
  const c = get('C', weights.CIA);
  const i = get('I', weights.CIA);
  const a = get('A', weights.CIA);
  const prKey = metrics.get('PR');
  const pr = prKey === 'N' ? 0.85 : prKey === 'L' ? (scope === 'C' ? 0.68 : 0.62) : prKey === 'H' ? (scope === 'C' ? 0.5 : 0.27) : undefined;
  if ([av, ac, ui, c, i, a, pr].some((x) => x === undefined) || (scope !== 'U' && scope !== 'C')) return undefined;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  if (impact <= 0) return 0;
  return scope === 'U' ? roundup(Math.min(impact + exploitability, 10)) : roundup(Math.min(1.08 * (impact + exploitability), 10));
}

export function cvss4BaseScore(vector: string): number | undefined {
  try {
    const score = new cvssLib.Cvss4P0(vector.trim()).calculateScores().base;
    return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
  } catch {
    return undefined;
  }
}

/** The qualitative rating of the CVSS specification, mapped onto Paved's severities. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

export interface RatedSeverity {
  severity: Severity;
  score?: number;
  vector?: string;
  /** Where the rating came from: `CVSS_V4`, `CVSS_V3`, `database` or `default`. */
  source: string;
}

/**
 * The severity of an OSV record: the CVSS v4 vector when present, else v3, else the database's own word
 * (GitHub's CRITICAL/HIGH/MODERATE/LOW), else medium — unknown is not the same as harmless.
 */
export function rateSeverity(severity: Array<{ type: string; score: string }> | undefined, dbSeverity?: string): RatedSeverity {
  for (const type of ['CVSS_V4', 'CVSS_V3']) {
    const entry = severity?.find((s) => s.type === type);
    if (!entry) continue;
    const score = type === 'CVSS_V4' ? cvss4BaseScore(entry.score) : cvss3BaseScore(entry.score);
    if (score !== undefined) return { severity: severityOfScore(score), score, vector: entry.score, source: type };
  }
  const word = dbSeverity?.toLowerCase();
  const mapped = ({ critical: 'critical', high: 'high', moderate: 'medium', medium: 'medium', low: 'low' } as const)[word as 'low'];
  if (mapped) return { severity: mapped, source: 'database' };
  return { severity: 'medium', source: 'default' };
}
