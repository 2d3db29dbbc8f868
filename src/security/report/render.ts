// The report formats `paved scan --format` offers, by name.
import type { FailOn, ScanReport } from './model.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export interface RenderContext {
  failOn: FailOn;
  /** ANSI colours (table only); true only for a terminal without NO_COLOR. */
  color: boolean;
  /** Paved's version, for the tool fields of JSON and SARIF. */
  toolVersion: string;
  /** How the table groups findings. */
  groupBy?: 'severity' | 'file';
}

export const reportFormats = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
} satisfies Record<string, (report: ScanReport, ctx: RenderContext) => string>;

export type ReportFormat = keyof typeof reportFormats;

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(reportFormats, value);
}

export function renderReport(report: ScanReport, format: ReportFormat, ctx: RenderContext): string {
  return reportFormats[format](report, ctx);
}
