// Public surface of the secrets scanner: the Scanner for `paved scan secrets`, text and push scans for
// other capabilities (the git server calls scanPush on every push), and the hook installer.
import type { Finding } from '../finding.js';
import { prepare, readOptions } from './setup.js';
import { scanPrepared } from './scanner.js';
import { pushedCommits, scanCommits, type RefUpdate } from './git-scan.js';
import { sortFindings } from './findings.js';

export { secretsScanner } from './scanner.js';
export { builtinDetectors } from './detectors/index.js';
export { SecretEngine } from './engine.js';
export { redact, secretFingerprint } from './findings.js';
export { installHook, uninstallHook } from './hooks.js';
export type { RefUpdate } from './git-scan.js';
export type { Detector, Hit } from './model.js';

export interface TextScanOptions {
  /** Directory whose `.gitleaks.toml` and `.pavedignore` apply (default: none). */
  root?: string;
  /** A gitleaks config file. */
  config?: string;
  /** Show whole secrets (default false). */
  noRedact?: boolean;
}

/** Scans one text, e.g. a pasted snippet or a pipeline log line. `name` is the file name reported. */
export async function scanText(name: string, text: string, options: TextScanOptions = {}): Promise<Finding[]> {
  const raw: Record<string, unknown> = { 'no-redact': options.noRedact === true };
  if (options.config) raw.config = options.config;
  const prepared = await prepare(options.root, readOptions(raw));
  return sortFindings(scanPrepared(prepared, name, text, options.noRedact !== true));
}

export interface PushScan {
  /** The repository (bare or not) that received the push. */
  repoPath: string;
  updates: RefUpdate[];
  /** Environment for git (e.g. GIT_QUARANTINE_PATH / GIT_OBJECT_DIRECTORY in a pre-receive hook). */
  env?: NodeJS.ProcessEnv;
  /** A gitleaks config to apply. */
  config?: string;
}

/**
 * The findings a push would add: only lines added by the pushed commits, for new branches only the
 * commits no other ref already has. The git server rejects or annotates the push based on them.
 */
export async function scanPush(push: PushScan): Promise<Finding[]> {
  const raw: Record<string, unknown> = {};
  if (push.config) raw.config = push.config;
  const prepared = await prepare(push.repoPath, readOptions(raw));
  const commits = await pushedCommits(push.repoPath, push.updates, push.env);
  const options = push.env ? { env: push.env } : {};
  return sortFindings(await scanCommits(push.repoPath, commits, prepared, true, options));
}
