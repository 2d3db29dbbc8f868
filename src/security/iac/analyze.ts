// Decides what each file is (by content, not only by name) and runs the matching parser, rules and lint.
import type { Finding } from '../finding.js';
import { isObject } from './evaluate.js';
import { parseFailure, runDockerRules, runKubernetesRules, runResourceRules } from './engine.js';
import type { IacKind } from './model.js';
import { buildTemplate, looksLikeCloudFormation } from './parse/cloudformation.js';
import { looksLikeDockerfile, parseDockerfile } from './parse/dockerfile.js';
import { objectsOf } from './parse/kubernetes.js';
import { buildModule, parseTerraformFile, type TfFile, type TfResource } from './parse/terraform.js';
import { parseYaml, SourceError } from './parse/yaml.js';
import { allRules } from './rules/index.js';
import { lintTemplate } from './lint/index.js';

export interface AnalyzeOptions {
  /** Run CloudFormation lint (schema checks) as well as the security rules. Default true. */
  lint?: boolean;
}

export interface SourceFile {
  /** Path relative to the scan root, forward slashes. */
  file: string;
  source: string;
}

/** What a file might be, from its name; `undefined` = not an IaC file. Content decides the rest. */
export function candidateKind(path: string): 'yaml' | 'json' | 'terraform' | 'dockerfile' | undefined {
  const name = path.split('/').pop() ?? path;
  if (/\.tf$/i.test(name)) return 'terraform';
  if (/\.(ya?ml)$/i.test(name) || /\.template$/i.test(name)) return 'yaml';
  if (/\.json$/i.test(name)) return 'json';
  if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name)) return 'dockerfile';
  return undefined;
}

// A cheap look at the text before a full parse, so ordinary YAML/JSON (CI configs, package.json)
// is skipped rather than reported as unparseable IaC.
const cfnHint = /AWSTemplateFormatVersion|["']?Resources["']?\s*:/;
const k8sHint = /(^|\n|[{,]\s*)["']?apiVersion["']?\s*:/;

function positionOf(error: unknown): { message: string; line: number; column: number } {
  if (error instanceof SourceError) return { message: error.message, line: error.line, column: error.column };
  return { message: String((error as Error)?.message ?? error), line: 0, column: 0 };
}

/** Analyses one YAML/JSON/Dockerfile source. Returns the kind found (undefined = not IaC) and adds findings. */
export function analyzeDocumentFile(input: SourceFile, out: Finding[], options: AnalyzeOptions = {}): IacKind | undefined {
  const kind = candidateKind(input.file);
  if (kind === 'dockerfile') {
    if (!looksLikeDockerfile(input.source)) {
      out.push(parseFailure(input.file, 'not a Dockerfile: the first instruction must be FROM or ARG', { line: 1, column: 1 }));
      return 'dockerfile';
    }
    runDockerRules(allRules, parseDockerfile(input.source), input.file, out);
    return 'dockerfile';
  }
  if (kind !== 'yaml' && kind !== 'json') return undefined;
  const maybeCfn = cfnHint.test(input.source);
  const maybeK8s = k8sHint.test(input.source);
  if (!maybeCfn && !maybeK8s) return undefined;
  let parsed;
  try {
    parsed = parseYaml(input.source, { intrinsics: maybeCfn });
  } catch (error) {
    const e = positionOf(error);
    out.push(parseFailure(input.file, `cannot parse ${kind === 'json' ? 'JSON' : 'YAML'}: ${e.message}`, { line: e.line, column: e.column }));
    return maybeCfn ? 'cloudformation' : 'kubernetes';
  }
  const first = parsed.documents[0]?.value;
  if (looksLikeCloudFormation(first) && isObject(first)) {
    const template = buildTemplate(first, parsed.positions);
    runResourceRules(allRules, 'cfn', [...template.resources, ...template.parameters], () => input.file, out);
    if (options.lint !== false) lintTemplate(template, input.file, out);
    return 'cloudformation';
  }
  const objects = objectsOf(parsed.documents.map((d) => d.value), parsed.positions);
  if (objects.length) {
    runKubernetesRules(allRules, objects, input.file, out);
    return 'kubernetes';
  }
  return undefined;
}

/** Analyses the .tf files of one folder (a Terraform module) together. */
export async function analyzeTerraformModule(inputs: SourceFile[], out: Finding[]): Promise<void> {
  const files: TfFile[] = [];
  for (const input of inputs) {
    try {
      files.push(await parseTerraformFile(input.file, input.source));
    } catch (error) {
      const e = positionOf(error);
      out.push(parseFailure(input.file, `cannot parse HCL: ${e.message}`, { line: e.line, column: e.column }));
    }
  }
  if (!files.length) return;
  const module = buildModule(files);
  runResourceRules(allRules, 'tf', [...module.resources, ...module.variableViews], (r) => (r as TfResource).file, out);
}
