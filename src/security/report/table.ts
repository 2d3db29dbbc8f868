// The readable format: findings grouped by severity (worst first) or by file, suppressed findings last
// with their reasons, then notes, the summary line and the gate verdict.
import { paint, type Colour } from '../../cli/output.js';
import { severities, type Finding, type Severity } from '../finding.js';
import { allFindings, failsGate, gateLine, summarize, summaryLine, type ScanReport } from './model.js';
import type { RenderContext } from './render.js';

const severityColour: Record<Severity, Colour> = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'blue', info: 'gray' };

export function renderTable(report: ScanReport, ctx: RenderContext): string {
  const io = { color: ctx.color };
  const findings = allFindings(report);
  const active = findings.filter((f) => !f.suppressed);
  const suppressed = findings.filter((f) => f.suppressed);
  const out: string[] = [];
  const sev = (s: Severity) => paint(io, severityColour[s], s.toUpperCase().padEnd(8));
  const location = (f: Finding) => (f.file ? [f.file, f.line || undefined, f.line && f.column ? f.column : undefined].filter(Boolean).join(':') : '(scan)');
  const detail = (f: Finding, indent: string) => {
    const lines = [`${indent}${f.message}`];
    if (f.remediation) lines.push(`${indent}${paint(io, 'gray', 'fix:')} ${f.remediation}`);
    return lines;
  };

  if ((ctx.groupBy ?? 'severity') === 'severity') {
    for (const s of severities) {
      const group = active.filter((f) => f.severity === s);
      if (!group.length) continue;
      out.push(paint(io, 'bold', `${s.toUpperCase()} (${group.length})`));
      for (const f of group) {
        const resource = f.resource ? `  ${f.resource}` : '';
        out.push(`  ${paint(io, 'bold', f.ruleId)}  ${location(f)}${resource}${mark(f, ctx)}`, ...detail(f, '    '), '');
      }
    }
  } else {
    // Findings about the scan itself (no file) go last, after the files.
    const files = [...new Set(active.map((f) => f.file))].sort((a, b) => (!a ? 1 : !b ? -1 : a < b ? -1 : a > b ? 1 : 0));
    for (const file of files) {
      out.push(paint(io, 'bold', file || '(scan)'));
      for (const f of active.filter((x) => x.file === file)) {
        const at = f.line ? (f.column ? `${f.line}:${f.column}` : `${f.line}`) : '-';
        const resource = f.resource ? `  ${f.resource}` : '';
        out.push(`  ${at.padEnd(8)} ${sev(f.severity)} ${paint(io, 'bold', f.ruleId)}${resource}${mark(f, ctx)}`, ...detail(f, '             '), '');
      }
    }
  }

  if (suppressed.length) {
    out.push(paint(io, 'bold', `SUPPRESSED (${suppressed.length})`));
    for (const f of suppressed) {
      out.push(paint(io, 'gray', `  ${f.ruleId}  ${location(f)}  ${f.severity}  (${f.suppressed!.source}) ${f.suppressed!.reason}`));
    }
    out.push('');
  }

  const notes = report.runs.flatMap((run) => run.notes.map((note) => `${run.scanner}: ${note}`));
  if (notes.length) out.push(paint(io, 'bold', 'Notes'), ...notes.map((n) => `  ${n}`), '');

  const summary = summarize(report, ctx.failOn);
  out.push(summaryLine(summary));
  out.push(paint(io, summary.failing ? 'red' : 'green', gateLine(summary)));
  return out.join('\n') + '\n';
}

/** Tells the reader which findings do not count toward the gate verdict. */
function mark(f: Finding, ctx: RenderContext): string {
  if (ctx.failOn === 'none' || failsGate(f, ctx.failOn)) return '';
  return paint({ color: ctx.color }, 'gray', '  (below --fail-on)');
}
