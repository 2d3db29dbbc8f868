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
  {
    id: 'secrets',
    description: 'Leaked credentials in files and git history',
    options: {
      history: { type: 'boolean', description: 'Scan every commit on every ref instead of the working tree (secrets)' },
      since: { type: 'string', description: 'With --history: only commits after this revision, REV..HEAD (secrets)' },
      staged: { type: 'boolean', description: 'Scan the staged changes, as a pre-commit hook sees them (secrets)' },
      stdin: { type: 'boolean', description: 'Scan standard input instead of files (secrets)' },
      config: { type: 'string', description: 'A gitleaks TOML config (default: .gitleaks.toml at the scan root) (secrets)' },
      'no-redact': { type: 'boolean', description: 'Show whole secrets instead of the first 4 characters and the length (secrets)' },
      'max-file-size': { type: 'string', description: 'Skip files larger than this, e.g. 10MB (default) (secrets)' },
      threads: { type: 'string', description: 'Worker threads for directory and history scans (default 2) (secrets)' },
    },
    load: async () => (await import('./secrets/index.js')).secretsScanner,
  },
  { id: 'sast', description: 'Vulnerabilities in JavaScript and TypeScript code', load: async () => (await import('./sast/index.js')).sastScanner },
  {
    id: 'sca',
    description: 'Known-vulnerable and licence-denied dependencies',
    options: {
      'prod-only': { type: 'boolean', description: 'Skip packages only needed for development (sca)' },
      'deny-licenses': { type: 'string', multiple: true, description: 'SPDX licence ids to deny, comma-separated (sca)' },
      vulndb: { type: 'string', description: 'Vulnerability database folder (sca; default $PAVED_HOME/vulndb, else ./.paved/vulndb)' },
      'ignore-file': { type: 'string', description: 'Accepted vulnerabilities file (sca; default paved-ignore.yaml at the scan root)' },
    },
    // The CLI layer owns the environment: it works out the default database folder and passes it in.
    load: async () => {
      const [{ createScaScanner }, { vulnDbDir }] = await Promise.all([import('./sca/scanner.js'), import('./sca/vulndb-location.js')]);
      return createScaScanner({ defaultVulnDb: vulnDbDir(undefined, process.env, process.cwd()) });
    },
  },
  { id: 'policy', description: 'Guard rule packs', options: { policy: { type: 'string', multiple: true, description: 'Guard rules file or directory' } }, load: async () => (await import('./guard/scanner.js')).policyScanner },
  {
    id: 'iac',
    description: 'CloudFormation lint and security rules for CloudFormation, Terraform, Kubernetes and Dockerfiles',
    options: { 'no-lint': { type: 'boolean', description: 'Skip CloudFormation schema lint, run security rules only (iac)' } },
    load: async () => (await import('./iac/index.js')).iacScanner,
  },
];
