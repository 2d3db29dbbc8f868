// Loads a gitleaks TOML configuration (v8 format) so teams moving from gitleaks keep their rules and
// allowlists: [[rules]] (id, description, regex, secretGroup, entropy, keywords, path, allowlists),
// [extend] (useDefault, path, disabledRules), and global [allowlist] / [[allowlists]].
// Parsed with smol-toml (TOML 1.0, small, no dependencies); Go regexes are converted by re2.ts.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { InputError } from '../../kernel/errors.js';
import type { Allowlist, Detector } from './model.js';
import type { Severity } from '../finding.js';
import { convertGoRegex, RegexConversionError } from './re2.js';
import { emptyAllowlist } from './allowlist.js';

export interface LoadedConfig {
  detectors: Detector[];
  allowlists: Allowlist[];
  ruleAllowlists: Map<string, Allowlist[]>;
  /** The configuration files read, outermost first. */
  files: string[];
}

type Table = Record<string, unknown>;

function fail(file: string, where: string, message: string): never {
  throw new InputError(`${file}: ${where}: ${message}`, [{ path: `${file}#${where}`, message }]);
}

function compile(file: string, where: string, source: unknown): RegExp {
  if (typeof source !== 'string') fail(file, where, 'must be a string (a Go regular expression)');
  try {
    const { source: js, flags } = convertGoRegex(source);
    return new RegExp(js, flags + 'g');
  } catch (error) {
    const reason = error instanceof RegexConversionError || error instanceof SyntaxError ? error.message : String(error);
    fail(file, where, `cannot convert the Go regular expression ${JSON.stringify(source)} to JavaScript: ${reason}`);
  }
}

function strings(file: string, where: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(file, where, 'must be an array of strings');
  return value as string[];
}

function parseAllowlist(file: string, where: string, table: Table): Allowlist {
  const list = emptyAllowlist();
  if (table.description !== undefined) list.description = String(table.description);
  const condition = table.condition ?? 'OR';
  if (condition !== 'OR' && condition !== 'AND') fail(file, `${where}.condition`, 'must be "OR" or "AND"');
  list.condition = condition;
  const target = table.regexTarget ?? 'secret';
  if (target !== 'secret' && target !== 'match' && target !== 'line') fail(file, `${where}.regexTarget`, 'must be "secret", "match" or "line"');
  list.regexTarget = target;
  list.regexes = strings(file, `${where}.regexes`, table.regexes).map((r, i) => nonGlobal(compile(file, `${where}.regexes[${i}]`, r)));
  list.paths = strings(file, `${where}.paths`, table.paths).map((r, i) => nonGlobal(compile(file, `${where}.paths[${i}]`, r)));
  list.commits = strings(file, `${where}.commits`, table.commits);
  list.stopwords = strings(file, `${where}.stopwords`, table.stopwords).map((w) => w.toLowerCase());
  return list;
}

/** Allowlist regexes are used with .test(): a global flag would make them stateful. */
function nonGlobal(regex: RegExp): RegExp {
  return new RegExp(regex.source, regex.flags.replace('g', ''));
}

function allowlistsOf(file: string, where: string, table: Table): Allowlist[] {
  const out: Allowlist[] = [];
  if (table.allowlist !== undefined) {
    if (typeof table.allowlist !== 'object' || Array.isArray(table.allowlist)) fail(file, `${where}allowlist`, 'must be a table');
    out.push(parseAllowlist(file, `${where}allowlist`, table.allowlist as Table));
  }
  if (table.allowlists !== undefined) {
    if (!Array.isArray(table.allowlists)) fail(file, `${where}allowlists`, 'must be an array of tables ([[allowlists]])');
    (table.allowlists as Table[]).forEach((t, i) => out.push(parseAllowlist(file, `${where}allowlists[${i}]`, t)));
  }
  return out;
}

function parseRule(file: string, index: number, rule: Table, base: Detector | undefined): Detector {
  const where = `rules[${index}]`;
  if (typeof rule.id !== 'string' || !rule.id) fail(file, `${where}.id`, 'is required');
  const id = rule.id;
  const at = `rules[${index}] (id "${id}")`;
  const keywords = strings(file, `${at}.keywords`, rule.keywords).map((k) => k.toLowerCase());
  const path = rule.path !== undefined ? nonGlobal(compile(file, `${at}.path`, rule.path)) : base?.path;
  if (rule.regex === undefined && !path && !base) fail(file, at, 'needs a regex or a path');
  if (rule.secretGroup !== undefined && (!Number.isInteger(rule.secretGroup) || (rule.secretGroup as number) < 0)) fail(file, `${at}.secretGroup`, 'must be a non-negative integer');
  if (rule.entropy !== undefined && typeof rule.entropy !== 'number') fail(file, `${at}.entropy`, 'must be a number');
  const severity = typeof rule.severity === 'string' && ['critical', 'high', 'medium', 'low', 'info'].includes(rule.severity) ? (rule.severity as Severity) : base?.severity ?? 'high';
  const detector: Detector = {
    id,
    family: 'custom',
    title: typeof rule.description === 'string' ? rule.description : base?.title ?? id,
    description: typeof rule.description === 'string' ? rule.description : base?.description ?? `Custom rule ${id} from ${file}`,
    severity,
    keywords: rule.keywords !== undefined ? keywords : base?.keywords ?? [],
    regex: rule.regex !== undefined ? compile(file, `${at}.regex`, rule.regex) : base?.regex ?? /$^/g,
    priority: base?.priority ?? 60,
  };
  if (rule.secretGroup !== undefined) detector.secretGroup = rule.secretGroup as number;
  else if (base?.secretGroup !== undefined && rule.regex === undefined) detector.secretGroup = base.secretGroup;
  if (rule.entropy !== undefined) detector.entropy = rule.entropy as number;
  else if (base?.entropy !== undefined) detector.entropy = base.entropy;
  if (base?.verify && rule.regex === undefined) detector.verify = base.verify;
  if (path) detector.path = path;
  // A rule with a path and no regex flags the file itself (e.g. any `*.pem` or `id_rsa` committed).
  if (rule.regex === undefined && !base) detector.matcher = () => [{ start: 0, end: 0, secret: `file matched ${path!.source}`, properties: { pathRule: true } }];
  return detector;
}

/**
 * Reads a gitleaks config. Without `[extend] useDefault = true` (or a `path`), its rules replace the
 * built-in detectors, exactly as gitleaks does.
 */
export async function loadGitleaksConfig(file: string, builtin: readonly Detector[], depth = 0): Promise<LoadedConfig> {
  if (depth > 3) fail(file, 'extend.path', 'extends more than 3 levels deep (a cycle?)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the gitleaks config ${file}: ${(error as Error).message}`);
  }
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (error) {
    const e = error as Error & { line?: number };
    throw new InputError(`${file}${e.line ? `:${e.line}` : ''}: invalid TOML: ${e.message.split('\n')[0]}`, [{ path: file, message: e.message }]);
  }
  const extend = (doc.extend ?? {}) as Table;
  let base: LoadedConfig = { detectors: [], allowlists: [], ruleAllowlists: new Map(), files: [] };
  if (extend.useDefault === true) base = { ...base, detectors: [...builtin] };
  if (typeof extend.path === 'string') base = await loadGitleaksConfig(resolve(dirname(file), extend.path), builtin, depth + 1);
  // `disabledRules = ["private-key"]` disables every Paved detector that maps onto that gitleaks rule.
  const disabled = new Set(strings(file, 'extend.disabledRules', extend.disabledRules));
  const detectors = base.detectors.filter((d) => !disabled.has(d.id) && !(d.equivalents?.gitleaks ?? []).some((g) => disabled.has(g)));
  const ruleAllowlists = new Map(base.ruleAllowlists);
  const rules = doc.rules ?? [];
  if (!Array.isArray(rules)) fail(file, 'rules', 'must be an array of tables ([[rules]])');
  (rules as Table[]).forEach((rule, index) => {
    const existing = detectors.findIndex((d) => d.id === rule.id);
    const parsed = parseRule(file, index, rule, existing >= 0 ? detectors[existing] : undefined);
    if (existing >= 0) detectors[existing] = parsed;
    else detectors.push(parsed);
    const lists = allowlistsOf(file, `rules[${index}] (id "${parsed.id}").`, rule);
    if (lists.length) ruleAllowlists.set(parsed.id, [...(ruleAllowlists.get(parsed.id) ?? []), ...lists]);
  });
  return {
    detectors,
    allowlists: [...base.allowlists, ...allowlistsOf(file, '', doc)],
    ruleAllowlists,
    files: [...base.files, file],
  };
}

