// The contract between `paved scan` and each scanner. A scanner is a pure library function over a
// directory (or other target); it returns findings and never prints, exits or talks to a server.
import type { Finding, RuleInfo } from './finding.js';

export interface ScanOptions {
  /** Absolute path of the directory (or file) to scan. Findings' `file` is relative to it. */
  root: string;
  /** Reports progress so the CLI can draw a bar on a TTY: `done` of `total` units (files, commits…). */
  onProgress?: (done: number, total: number) => void;
  /** Scanner-specific options from the command line (`--policy`, `--history`, `--prod-only`, …). */
  options?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface ScanResult {
  findings: Finding[];
  /** Rules that were evaluated, for SARIF `tool.driver.rules` and documentation. */
  rules: RuleInfo[];
  /** Things the user should know that are not findings ("skipped 3 binary files"). */
  notes?: string[];
  /** Units scanned (files, packages, commits) for the summary line. */
  scanned?: number;
  /** What `scanned` counts, plural (`files`, `packages`, `commits`); `files` when omitted. */
  scannedUnit?: string;
}

export interface Scanner {
  id: string;
  description: string;
  scan(options: ScanOptions): Promise<ScanResult>;
  /** The full rule catalogue, for `--list-rules` and docs/rules. */
  listRules(): RuleInfo[];
}
