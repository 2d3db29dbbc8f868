// Inline suppressions: `// paved:ignore PAVED-SAST-CMDI the command is a constant table lookup`.
// The comment applies to findings on its own line or the next line. The reason is mandatory: a comment
// without one (or with an unknown rule id) suppresses nothing and is reported as PAVED-SAST-SUPPRESSION.
import type { RawFinding } from './model.js';

export interface InlineSuppression {
  /** 1-based line of the comment. */
  line: number;
  ruleIds: string[];
  reason: string;
}

export interface ParsedSuppressions {
  valid: InlineSuppression[];
  invalid: RawFinding[];
}

interface Comment { value: string; start: number; end: number }

const marker = /paved:ignore\b(.*)$/;

export function parseSuppressions(comments: Comment[], line: (offset: number) => number, knownRule: (id: string) => boolean): ParsedSuppressions {
  const out: ParsedSuppressions = { valid: [], invalid: [] };
  for (const c of comments) {
    const m = marker.exec(c.value.split('\n')[0]);
    if (!m) continue;
    const words = m[1].trim().split(/\s+/).filter(Boolean);
    const ruleIds = (words[0] ?? '').split(',').filter(Boolean);
    const reason = words.slice(1).join(' ').replace(/\*\/$/, '').trim();
    const bad = (why: string) => out.invalid.push({ ruleId: 'PAVED-SAST-SUPPRESSION', start: c.start, end: c.end, message: `paved:ignore ${why}; it suppresses nothing` });
    if (ruleIds.length === 0) bad('names no rule id');
    else if (ruleIds.some((id) => !knownRule(id))) bad(`names an unknown rule (${ruleIds.filter((id) => !knownRule(id)).join(', ')})`);
    else if (!reason) bad(`for ${ruleIds.join(',')} gives no reason`);
    else out.valid.push({ line: line(c.start), ruleIds, reason });
  }
  return out;
}

/** The suppression that covers a finding of `ruleId` on `line`, if any. */
export function suppressionFor(list: InlineSuppression[], ruleId: string, line: number): InlineSuppression | undefined {
  return list.find((s) => (s.line === line || s.line === line - 1) && s.ruleIds.includes(ruleId));
}
