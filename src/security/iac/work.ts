// One unit of scanning work — a YAML/JSON/Dockerfile document or a Terraform module — runnable in the
// main thread or in a worker thread (see pool.ts). Never throws: failures become findings.
import { readFile } from 'node:fs/promises';
import type { Finding } from '../finding.js';
import { looksBinary } from '../files.js';
import { analyzeDocumentFile, analyzeTerraformModule, type SourceFile } from './analyze.js';
import { parseFailure } from './engine.js';

export interface WorkItem {
  kind: 'document' | 'terraform';
  /** Absolute paths and their paths relative to the scan root. */
  files: Array<{ path: string; file: string }>;
  lint: boolean;
}

export interface WorkResult {
  findings: Finding[];
  /** Files that were IaC and were analysed. */
  scanned: number;
}

async function read(path: string, file: string): Promise<SourceFile | undefined> {
  const buffer = await readFile(path);
  if (looksBinary(buffer)) return undefined;
  return { file, source: buffer.toString('utf8') };
}

export async function runWork(item: WorkItem): Promise<WorkResult> {
  const findings: Finding[] = [];
  const first = item.files[0]?.file ?? '';
  try {
    if (item.kind === 'document') {
      const input = await read(item.files[0].path, first);
      const kind = input ? analyzeDocumentFile(input, findings, { lint: item.lint }) : undefined;
      return { findings, scanned: kind ? 1 : 0 };
    }
    const inputs = (await Promise.all(item.files.map((m) => read(m.path, m.file)))).filter((x): x is SourceFile => !!x);
    await analyzeTerraformModule(inputs, findings);
    return { findings, scanned: inputs.length };
  } catch (error) {
    // A scanner never throws out of scan() because of one file: the error becomes a finding on it.
    findings.push(parseFailure(first, `could not analyse: ${(error as Error)?.message ?? String(error)}`, { line: 0, column: 0 }));
    return { findings, scanned: 0 };
  }
}
