// `paved scan iac`: CloudFormation (YAML/JSON, SAM), Terraform, Kubernetes and Dockerfiles.
import { readFile } from 'node:fs/promises';
import type { Finding, RuleInfo } from '../finding.js';
import { walkFiles, looksBinary } from '../files.js';
import type { Scanner, ScanOptions, ScanResult } from '../scanner.js';
import { analyzeDocumentFile, analyzeTerraformModule, candidateKind, type SourceFile } from './analyze.js';
import { parseFailure, parseRule, ruleInfo, suppressionRule } from './engine.js';
import { allRules } from './rules/index.js';
import { lintRules } from './lint/rules.js';

/** Files larger than this are skipped with a note: real templates are far smaller (CloudFormation's limit is 1 MB). */
const maxFileBytes = 5 * 1024 * 1024;

export function listIacRules(): RuleInfo[] {
  return [...allRules, ...lintRules, parseRule, suppressionRule].map(ruleInfo);
}

export async function scanIac(options: ScanOptions): Promise<ScanResult> {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const lint = options.options?.['no-lint'] !== true;
  const documents: Array<{ path: string; file: string }> = [];
  const modules = new Map<string, Array<{ path: string; file: string }>>();
  for await (const f of walkFiles(options.root, { accept: (p) => candidateKind(p) !== undefined })) {
    if (f.size > maxFileBytes) {
      notes.push(`skipped ${f.relativePath}: larger than ${maxFileBytes / 1024 / 1024} MiB`);
      continue;
    }
    if (candidateKind(f.relativePath) === 'terraform') {
      const dir = f.relativePath.includes('/') ? f.relativePath.slice(0, f.relativePath.lastIndexOf('/')) : '.';
      const list = modules.get(dir) ?? [];
      list.push({ path: f.path, file: f.relativePath });
      modules.set(dir, list);
    } else documents.push({ path: f.path, file: f.relativePath });
  }
  const total = documents.length + [...modules.values()].reduce((n, l) => n + l.length, 0);
  let done = 0;
  let scanned = 0;
  const read = async (path: string, file: string): Promise<SourceFile | undefined> => {
    const buffer = await readFile(path);
    if (looksBinary(buffer)) return undefined;
    return { file, source: buffer.toString('utf8') };
  };
  for (const d of documents) {
    options.signal?.throwIfAborted();
    const input = await read(d.path, d.file);
    if (input && guarded(d.file, findings, () => analyzeDocumentFile(input, findings, { lint }))) scanned++;
    options.onProgress?.(++done, total);
  }
  for (const list of modules.values()) {
    options.signal?.throwIfAborted();
    const inputs = (await Promise.all(list.map((m) => read(m.path, m.file)))).filter((x): x is SourceFile => !!x);
    await guardedAsync(inputs[0]?.file ?? '', findings, () => analyzeTerraformModule(inputs, findings));
    scanned += inputs.length;
    done += list.length;
    options.onProgress?.(done, total);
  }
  return { findings, rules: listIacRules(), notes, scanned };
}

// A scanner never throws out of scan() because of one file: an unexpected error while analysing a
// file becomes a finding on that file, and the scan goes on.
function guarded<T>(file: string, findings: Finding[], run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    findings.push(parseFailure(file, `could not analyse this file: ${(error as Error)?.message ?? String(error)}`, { line: 0, column: 0 }));
    return undefined;
  }
}

async function guardedAsync(file: string, findings: Finding[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    findings.push(parseFailure(file, `could not analyse this module: ${(error as Error)?.message ?? String(error)}`, { line: 0, column: 0 }));
  }
}

export const iacScanner: Scanner = {
  id: 'iac',
  description: 'CloudFormation lint and security rules for CloudFormation, Terraform, Kubernetes and Dockerfiles',
  scan: scanIac,
  listRules: listIacRules,
};
