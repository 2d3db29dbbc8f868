// Helpers shared by this folder's tests: scan one in-memory example of each language.
import type { Finding } from '../finding.js';
import { analyzeDocumentFile, analyzeTerraformModule } from './analyze.js';

export function cfnTemplate(resources: string, extra = ''): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\n${extra}Resources:\n${resources}`;
}

export function scanCfn(resources: string, options: { lint?: boolean; extra?: string } = {}): Finding[] {
  const out: Finding[] = [];
  analyzeDocumentFile({ file: 'template.yaml', source: cfnTemplate(resources, options.extra) }, out, { lint: options.lint ?? false });
  return out;
}

export function scanText(file: string, source: string, lint = false): Finding[] {
  const out: Finding[] = [];
  analyzeDocumentFile({ file, source }, out, { lint });
  return out;
}

export async function scanTf(source: string, file = 'main.tf'): Promise<Finding[]> {
  const out: Finding[] = [];
  await analyzeTerraformModule([{ file, source }], out);
  return out;
}
