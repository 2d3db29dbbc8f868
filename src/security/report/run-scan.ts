// Runs scanners over one root and collects a ScanReport. A scanner that throws (or fails to load) does not
// stop the others: its failure becomes a `paved.scanner-error` finding, so the gate fails and nobody mistakes
// a crashed scan for a clean one.
import { fingerprintOf, isSeverity, type Finding, type RuleInfo } from '../finding.js';
import type { Scanner, ScanResult } from '../scanner.js';
import type { ScannerEntry } from '../scanners.js';
import type { ScanReport, ScannerRun } from './model.js';

export const scannerErrorRule: RuleInfo = {
  id: 'paved.scanner-error',
  scanner: 'paved',
  title: 'A scanner failed',
  severity: 'high',
  description:
    'The scanner stopped with an error, so part of the code was not checked. A failed scanner is reported as a ' +
    'finding so the scan does not pass silently.',
  remediation: 'Read the message, fix the input or report the bug, and scan again.',
  tags: ['paved'],
};

export interface RunScanOptions {
  /** Absolute path of the directory or file to scan. */
  root: string;
  /** Scanner objects, or scanner table entries that load lazily. They run one after another. */
  scanners: Array<Scanner | ScannerEntry>;
  /** Scanner-specific options, by scanner id. */
  options?: Record<string, Record<string, unknown>>;
  onProgress?: (scanner: string, done: number, total: number) => void;
  /** Leaves these findings out of the report and counts them as baselined. */
  isBaselined?: (finding: Finding) => boolean;
  signal?: AbortSignal;
}

export async function runScan(options: RunScanOptions): Promise<ScanReport> {
  const runs: ScannerRun[] = [];
  for (const source of options.scanners) {
    options.signal?.throwIfAborted();
    runs.push(await runOne(source, options));
  }
  const report = { runs };
  return options.isBaselined ? withBaseline(report, options.isBaselined) : report;
}

/** Moves the findings a baseline covers out of the report, counting them per run. */
export function withBaseline(report: ScanReport, isBaselined: (finding: Finding) => boolean): ScanReport {
  return {
    runs: report.runs.map((run) => {
      const findings = run.findings.filter((finding) => !isBaselined(finding));
      return { ...run, findings, baselined: run.baselined + run.findings.length - findings.length };
    }),
  };
}

async function runOne(source: Scanner | ScannerEntry, options: RunScanOptions): Promise<ScannerRun> {
  const id = source.id;
  let result: ScanResult;
  try {
    const scanner = 'load' in source ? await source.load() : source;
    result = await scanner.scan({
      root: options.root,
      options: options.options?.[id] ?? {},
      onProgress: options.onProgress && ((done, total) => options.onProgress!(id, done, total)),
      signal: options.signal,
    });
    const invalid = result.findings.map(problemOf).find(Boolean);
    if (invalid) throw new Error(`returned an invalid finding: ${invalid}`);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return {
      scanner: id,
      description: source.description,
      findings: [scannerErrorFinding(id, message)],
      rules: [scannerErrorRule],
      notes: [],
      scanned: 0,
      scannedUnit: 'files',
      baselined: 0,
      error: message,
    };
  }
  return {
    scanner: id,
    description: source.description,
    findings: [...result.findings].sort(byLocation),
    rules: result.rules,
    notes: result.notes ?? [],
    scanned: result.scanned ?? 0,
    scannedUnit: result.scannedUnit ?? 'files',
    baselined: 0,
  };
}

/** What is wrong with a finding that every format relies on, so one scanner bug cannot corrupt a SARIF file. */
function problemOf(f: Finding, index: number): string | undefined {
  const at = `findings[${index}]${typeof f?.ruleId === 'string' ? ` (${f.ruleId})` : ''}`;
  if (typeof f?.ruleId !== 'string' || !f.ruleId) return `${at}: ruleId is missing`;
  if (!isSeverity(f.severity)) return `${at}: severity '${String(f.severity)}' is not one of critical, high, medium, low, info`;
  if (typeof f.file !== 'string') return `${at}: file is not a string`;
  if (!Number.isInteger(f.line) || f.line < 0 || !Number.isInteger(f.column) || f.column < 0) return `${at}: line and column must be integers ≥ 0`;
  if (typeof f.fingerprint !== 'string' || !f.fingerprint) return `${at}: fingerprint is missing`;
  return undefined;
}

function scannerErrorFinding(scanner: string, message: string): Finding {
  return {
    ruleId: scannerErrorRule.id,
    scanner,
    severity: scannerErrorRule.severity,
    title: scannerErrorRule.title,
    message: `The ${scanner} scanner failed: ${message}`,
    file: '',
    line: 0,
    column: 0,
    remediation: scannerErrorRule.remediation,
    fingerprint: fingerprintOf('paved', scannerErrorRule.id, scanner),
  };
}

function byLocation(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
