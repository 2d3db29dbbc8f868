// The `policy` scanner of `paved scan`: runs Guard rule packs (the starter pack in policies/ by default,
// or `--policy FILE|DIR…`) over the CloudFormation templates under the scan root and reports each
// failed check as a Finding: ruleId = rule name, file/line from the data, resource = the logical id.
// A rules file may declare `# severity: high` in its header comment; the default is medium.
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../../kernel/errors.js';
import { walkFiles } from '../files.js';
import { fingerprintOf, isSeverity, type Finding, type RuleInfo, type Severity } from '../finding.js';
import type { Scanner, ScanOptions, ScanResult } from '../scanner.js';
import { DataParseError, parseData } from './data.js';
import { evaluateRules, GuardEvalError } from './evaluate.js';
import { dataExtensions, expandPaths, InputNotFound, rulesExtensions } from './load.js';
import { resourceOf } from './output.js';
import { starterPackRulesDir } from './pack.js';
import { GuardParseError, parseRules } from './parser.js';
import type { RulesFile } from './ast.js';

interface PackRules {
  path: string;
  rules: RulesFile;
  severity: Severity;
  title?: string;
}

/** Header comment of a rules file: first line is the title, `# severity: X` sets the severity. */
function header(text: string): { severity: Severity; title?: string } {
  const comments = text.split('\n').filter((l) => l.startsWith('#')).slice(0, 10).map((l) => l.replace(/^#\s?/, ''));
  const sev = comments.map((c) => /^severity:\s*(\w+)/i.exec(c)?.[1]?.toLowerCase()).find(Boolean);
  const title = comments.find((c) => c.trim() && !/^severity:/i.test(c));
  return { severity: sev && isSeverity(sev) ? sev : 'medium', title };
}

function toRuleInfo(p: PackRules): RuleInfo[] {
  return p.rules.rules
    .filter((r) => !r.params)
    .map((r) => ({ id: r.name, scanner: 'policy', title: p.title ?? r.name, severity: p.severity, description: p.title ?? `Guard rule ${r.name}`, tags: ['guard'] }))
    .concat(p.rules.defaultClauses.length ? [{ id: 'default', scanner: 'policy', title: p.title ?? 'default', severity: p.severity, description: 'Bare clauses of ' + p.path, tags: ['guard'] }] : []);
}

function parsePack(path: string, text: string): PackRules {
  try {
    return { path, rules: parseRules(text, path), ...header(text) };
  } catch (error) {
    if (error instanceof GuardParseError) throw new InputError(`policy rules file cannot be parsed: ${error.message}`);
    throw error;
  }
}

async function loadPack(paths: string[]): Promise<PackRules[]> {
  let files;
  try {
    files = await expandPaths(paths, rulesExtensions);
  } catch (error) {
    if (error instanceof InputNotFound) throw new InputError(`--policy ${error.message}`);
    throw error;
  }
  if (!files.length) throw new InputError(`no Guard rules files (.guard, .ruleset) in ${paths.join(', ')}`);
  return Promise.all(files.map(async (f) => parsePack(f.path, await readFile(f.path, 'utf8'))));
}

/** Templates are the data files that look like CloudFormation (a Resources map or the format version). */
const looksLikeTemplate = (text: string) => /(^|[{,\s])["']?(Resources|AWSTemplateFormatVersion)["']?\s*:/m.test(text);

export const policyScanner: Scanner = {
  id: 'policy',
  description: 'Guard rule packs',
  listRules() {
    const dir = starterPackRulesDir();
    return readdirSync(dir)
      .filter((f) => f.endsWith('.guard'))
      .sort()
      .flatMap((f) => toRuleInfo(parsePack(join(dir, f), readFileSync(join(dir, f), 'utf8'))));
  },
  async scan({ root, options, onProgress, signal }: ScanOptions): Promise<ScanResult> {
    const given = (options?.policy as string[] | string | undefined) ?? [];
    const policyPaths = (Array.isArray(given) ? given : [given]).map((p) => (isAbsolute(p) ? p : resolve(p)));
    const pack = await loadPack(policyPaths.length ? policyPaths : [starterPackRulesDir()]);
    const findings: Finding[] = [];
    const notes: string[] = [];
    const candidates = [];
    for await (const f of walkFiles(root, { accept: (rel) => dataExtensions.some((e) => rel.toLowerCase().endsWith(e)) })) candidates.push(f);
    let scanned = 0;
    for (const [i, f] of candidates.entries()) {
      signal?.throwIfAborted();
      onProgress?.(i, candidates.length);
      if (f.size > 20 * 1024 * 1024) continue;
      const text = await readFile(f.path, 'utf8');
      if (!looksLikeTemplate(text)) continue;
      scanned++;
      let data;
      try {
        data = parseData(text, f.relativePath);
      } catch (error) {
        if (!(error instanceof DataParseError)) throw error;
        findings.push({
          ruleId: 'guard-data-parse-error', scanner: 'policy', severity: 'low', title: 'Template could not be parsed',
          message: `${error.reason}; Guard rules were not evaluated on this file`, file: f.relativePath, line: error.line, column: error.column,
          fingerprint: fingerprintOf('policy', 'parse-error', f.relativePath),
        });
        continue;
      }
      for (const p of pack) {
        let results;
        try {
          results = evaluateRules(p.rules, data);
        } catch (error) {
          if (!(error instanceof GuardEvalError)) throw error;
          notes.push(`${error.message} (while evaluating ${f.relativePath})`);
          continue;
        }
        for (const r of results) {
          if (r.status !== 'FAIL') continue;
          const failures = r.failures.length ? r.failures : [undefined];
          for (const x of failures) {
            const resource = x ? resourceOf(x.path) : undefined;
            const detail = x ? `${x.clause}: expected ${x.expected}, found ${x.found}${x.found.startsWith('missing') ? '' : ` at ${x.path || '/'}`}` : 'the rule failed';
            findings.push({
              ruleId: r.name,
              scanner: 'policy',
              severity: p.severity,
              title: p.title ?? r.name,
              message: x?.message ? `${x.message} (${detail})` : detail,
              file: f.relativePath,
              line: x?.line ?? 0,
              column: x?.column ?? 0,
              resource,
              fingerprint: fingerprintOf('policy', r.name, f.relativePath, resource, x?.path, x?.clause),
              properties: x ? { rulesFile: p.path, clause: x.clause, clauseLine: x.clauseLine, path: x.path, expected: x.expected, found: x.found } : { rulesFile: p.path },
            });
          }
        }
      }
    }
    onProgress?.(candidates.length, candidates.length);
    return { findings, rules: pack.flatMap(toRuleInfo), notes, scanned };
  },
};
