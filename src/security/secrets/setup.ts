// Builds the engine a scan uses from its options: built-in detectors, a gitleaks config (`--config` or
// `.gitleaks.toml` at the root), default allowlists and the `.pavedignore` fingerprints.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SecretEngine } from './engine.js';
import { builtinDetectors } from './detectors/index.js';
import { loadGitleaksConfig } from './gitleaks-config.js';
import { defaultAllowlist } from './allowlist.js';
import { loadIgnoreFile } from './ignore-file.js';
import type { Allowlist, Detector } from './model.js';
import { InputError } from '../../kernel/errors.js';

export interface SecretsOptions {
  /** A gitleaks TOML config; default `.gitleaks.toml` at the scan root when present. */
  config?: string;
  /** Show whole secrets in findings (default: redacted to the first 4 characters and the length). */
  redact: boolean;
  /** Files larger than this are skipped with a note. */
  maxFileSize: number;
  /** Worker threads for directory scans (default: up to 2). */
  threads: number;
  history: boolean;
  since?: string;
  staged: boolean;
  stdin: boolean;
  /** Rule ids to run (default all). */
  rules?: string[];
}

export const defaultMaxFileSize = 10 * 1024 * 1024;

/** Reads the scanner's `options` record (from `paved scan` flags) into typed options. */
export function readOptions(raw: Record<string, unknown> = {}): SecretsOptions {
  const size = raw['max-file-size'] ?? raw.maxFileSize;
  const threads = raw.threads;
  const options: SecretsOptions = {
    redact: !(raw['no-redact'] === true || raw.noRedact === true || raw.redact === false),
    maxFileSize: size === undefined ? defaultMaxFileSize : parseSize(String(size)),
    threads: threads === undefined ? 2 : Math.max(1, Number.parseInt(String(threads), 10) || 1),
    history: raw.history === true,
    staged: raw.staged === true,
    stdin: raw.stdin === true,
  };
  if (typeof raw.config === 'string') options.config = raw.config;
  if (typeof raw.since === 'string') {
    options.since = raw.since;
    options.history = true;
  }
  if (typeof raw.rules === 'string') options.rules = raw.rules.split(',').map((r) => r.trim()).filter(Boolean);
  return options;
}

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text.trim());
  if (!m) throw new InputError(`--max-file-size: expected a size like 10MB or 500kb, got "${text}"`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

export interface PreparedScan {
  engine: SecretEngine;
  detectors: readonly Detector[];
  ignored: Map<string, string>;
  notes: string[];
  /** The config file used, to hand to worker threads. */
  configFile?: string;
}

/** The directory that holds `.gitleaks.toml` and `.pavedignore`: the root itself, or a file's folder. */
export function configDirectory(root: string): string {
  try {
    return statSync(root).isDirectory() ? root : dirname(root);
  } catch {
    return root;
  }
}

/** `root` undefined: no `.gitleaks.toml` or `.pavedignore` is looked for (library text scans). */
export async function prepare(root: string | undefined, options: SecretsOptions): Promise<PreparedScan> {
  const dir = root === undefined ? undefined : configDirectory(root);
  const notes: string[] = [];
  let detectors: readonly Detector[] = builtinDetectors;
  let allowlists: Allowlist[] = [defaultAllowlist];
  let ruleAllowlists = new Map<string, Allowlist[]>();
  const configFile = options.config ? resolve(options.config) : dir && existsSync(join(dir, '.gitleaks.toml')) ? join(dir, '.gitleaks.toml') : undefined;
  if (configFile) {
    const loaded = await loadGitleaksConfig(configFile, builtinDetectors);
    detectors = loaded.detectors;
    allowlists = [defaultAllowlist, ...loaded.allowlists];
    ruleAllowlists = loaded.ruleAllowlists;
    notes.push(`using gitleaks config ${loaded.files.join(' → ')} (${detectors.length} rules)`);
  }
  if (options.rules) {
    const unknown = options.rules.filter((id) => !detectors.some((d) => d.id === id));
    if (unknown.length) notes.push(`unknown rule ids ignored: ${unknown.join(', ')}`);
    detectors = detectors.filter((d) => options.rules!.includes(d.id));
  }
  const ignored = dir ? await loadIgnoreFile(join(dir, '.pavedignore')) : new Map<string, string>();
  const prepared: PreparedScan = { engine: new SecretEngine({ detectors, allowlists, ruleAllowlists }), detectors, ignored, notes };
  if (configFile) prepared.configFile = configFile;
  return prepared;
}
