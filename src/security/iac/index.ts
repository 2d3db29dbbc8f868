// `paved scan iac`: CloudFormation (YAML/JSON, SAM), Terraform, Kubernetes and Dockerfiles.
import { availableParallelism } from 'node:os';
import type { Finding, RuleInfo } from '../finding.js';
import { walkFiles } from '../files.js';
import type { Scanner, ScanOptions, ScanResult } from '../scanner.js';
import { candidateKind } from './analyze.js';
import { runAll } from './pool.js';
import type { WorkItem } from './work.js';
import { parseRule, ruleInfo, suppressionRule } from './engine.js';
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
  const items: WorkItem[] = [
    ...documents.map((d) => ({ kind: 'document' as const, files: [d], lint })),
    ...[...modules.values()].map((files) => ({ kind: 'terraform' as const, files, lint })),
  ];
  const total = items.reduce((n, i) => n + i.files.length, 0);
  const threadOption = Number(options.options?.threads);
  const threads = Number.isInteger(threadOption) && threadOption > 0 ? threadOption : Math.min(2, availableParallelism());
  let done = 0;
  let scanned = 0;
  await runAll(
    items,
    threads,
    (result, item) => {
      findings.push(...result.findings);
      scanned += result.scanned;
      done += item.files.length;
      options.onProgress?.(done, total);
    },
    options.signal,
  );
  // Workers finish in any order: sort so reports and baselines are stable from run to run.
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
  return { findings, rules: listIacRules(), notes, scanned };
}

export const iacScanner: Scanner = {
  id: 'iac',
  description: 'CloudFormation lint and security rules for CloudFormation, Terraform, Kubernetes and Dockerfiles',
  scan: scanIac,
  listRules: listIacRules,
};
