// The command table: one row per top-level word. Modules load lazily so `paved scan` never loads the
// server, and `paved --help` loads nothing. Each module exports `commands: Command[]`.
import type { Command } from './command.js';

export interface CommandGroup {
  word: string;
  summary: string;
  load: () => Promise<{ commands: Command[] }>;
}

export const commandTable: CommandGroup[] = [
  { word: 'version', summary: 'Print the Paved version', load: () => import('./version-command.js') },
  { word: 'server', summary: 'Start the Paved server (API, portal, workers)', load: () => import('./server-command.js') },
  { word: 'login', summary: 'Save the server URL and an API token', load: () => import('./login-command.js') },
  { word: 'whoami', summary: 'Show who the current credentials belong to', load: () => import('./login-command.js') },
  { word: 'users', summary: 'List and create users', load: () => import('./identity-command.js') },
  { word: 'groups', summary: 'List and create groups, add members', load: () => import('./identity-command.js') },
  { word: 'tokens', summary: 'Create, list and revoke API tokens', load: () => import('./identity-command.js') },
  { word: 'policies', summary: 'List, put and delete Cedar policies', load: () => import('./identity-command.js') },
  { word: 'audit', summary: 'List and verify the tamper-evident audit log', load: () => import('./audit-command.js') },
  { word: 'scan', summary: 'Scan a directory for security problems (IaC, secrets, dependencies, code, policy)', load: () => import('../security/cli/scan-command.js') },
  { word: 'hooks', summary: 'Install or remove the pre-commit secrets hook', load: () => import('../security/secrets/hooks-cli.js') },
  { word: 'sbom', summary: 'Write a CycloneDX or SPDX SBOM from the lockfiles in a directory', load: () => import('../security/sca/sbom-cli.js') },
  { word: 'vulndb', summary: 'Import and inspect the offline OSV vulnerability database', load: () => import('../security/sca/vulndb-cli.js') },
  { word: 'guard', summary: 'Validate data against CloudFormation Guard rules, test rules, parse-tree, rulegen', load: () => import('../security/guard/cli.js') },
  { word: 'iam', summary: 'Check IAM policies: access not granted, no new access', load: () => import('../security/iam/cli.js') },
  { word: 'catalog', summary: 'Apply, get and list catalog entities; register locations', load: () => import('../catalog/cli.js') },
  { word: 'repos', summary: 'Create and list git repositories hosted by Paved', load: () => import('../git/cli.js') },
  { word: 'secrets', summary: 'Create, read, rotate and delete secrets (values from standard input)', load: () => import('../secrets/cli.js') },
  { word: 'run', summary: 'Run a command with secrets in its environment', load: () => import('../secrets/run-command.js') },
  { word: 'params', summary: 'Put, get and list parameters (String, StringList, SecureString)', load: () => import('../config/params-cli.js') },
  { word: 'kms', summary: 'Create, rotate, disable and delete keys; encrypt and decrypt', load: () => import('../kms/cli.js') },
];
