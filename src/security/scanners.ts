// The table of scanners `paved scan` can run. Entries load lazily so a scan loads only what it runs.
// Each scanner declares its own command-line options; `paved scan` merges them into its parser.
import type { Scanner } from './scanner.js';

export interface ScannerOption {
  type: 'string' | 'boolean';
  multiple?: boolean;
  description: string;
}

export interface ScannerEntry {
  id: string;
  description: string;
  /** Options this scanner adds to `paved scan` (e.g. `history` for secrets, `policy` for policy). */
  options?: Record<string, ScannerOption>;
  load: () => Promise<Scanner>;
}

export const scannerTable: ScannerEntry[] = [
  { id: 'sast', description: 'Vulnerabilities in JavaScript and TypeScript code', load: async () => (await import('./sast/index.js')).sastScanner },
];
