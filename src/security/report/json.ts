// The JSON format, a stable contract for scripts (documented in docs/scanning.md). Adding fields is allowed
// within a version; removing or changing one bumps `version`.
import type { Finding } from '../finding.js';
import { allFindings, summarize, type ScanReport, type Summary } from './model.js';
import type { RenderContext } from './render.js';

export const jsonReportVersion = 1;

export interface JsonReport {
  version: number;
  tool: { name: 'paved'; version: string };
  /** Every new finding, suppressed ones included (with `suppressed.reason`). */
  findings: Finding[];
  summary: Summary & {
    /** Whether the gate failed: `failing > 0`. */
    failed: boolean;
    scanners: Array<{ id: string; findings: number; baselined: number; scanned: number; scannedUnit: string; notes: string[]; error?: string }>;
  };
}

export function jsonReport(report: ScanReport, ctx: RenderContext): JsonReport {
  const summary = summarize(report, ctx.failOn);
  return {
    version: jsonReportVersion,
    tool: { name: 'paved', version: ctx.toolVersion },
    findings: allFindings(report),
    summary: {
      ...summary,
      failed: summary.failing > 0,
      scanners: report.runs.map((run) => ({
        id: run.scanner,
        findings: run.findings.length,
        baselined: run.baselined,
        scanned: run.scanned,
        scannedUnit: run.scannedUnit,
        notes: run.notes,
        ...(run.error ? { error: run.error } : {}),
      })),
    },
  };
}

export function renderJson(report: ScanReport, ctx: RenderContext): string {
  return JSON.stringify(jsonReport(report, ctx), null, 2) + '\n';
}
