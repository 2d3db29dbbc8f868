// Runs the rules over parsed documents and turns violations into findings, applying suppressions.
import { fingerprintOf, type Finding, type RuleInfo } from '../finding.js';
import type { RuleMeta, Violation, Position } from './model.js';
import type { ResourceView, Suppressions } from './resource.js';
import type { IacRule } from './rules/types.js';
import type { K8sObject } from './parse/kubernetes.js';
import type { Dockerfile } from './parse/dockerfile.js';

export const scannerId = 'iac';

/** Rules of the scanner itself (not security or lint rules). */
export const parseRule: RuleMeta = {
  id: 'IAC.PARSE',
  title: 'File could not be parsed',
  severity: 'high',
  description: 'A template, manifest or Dockerfile that cannot be parsed cannot be checked, and will fail to deploy.',
  remediation: 'Fix the syntax error at the reported line.',
  references: [],
  equivalents: { 'cfn-lint': ['E0000'] },
  examples: {},
};

export const suppressionRule: RuleMeta = {
  id: 'IAC.SUPPRESSION',
  title: 'Suppression without a reason',
  severity: 'medium',
  description: 'Accepting a risk without saying why leaves reviewers and auditors unable to judge it; Paved requires a reason for every suppression.',
  remediation: 'Add a reason: `reason:` in CloudFormation metadata, text after the id in a `# paved:skip=ID reason` comment, or `ID: reason` in the Kubernetes annotation.',
  references: [],
  equivalents: {},
  examples: {},
};

export function ruleInfo(rule: RuleMeta): RuleInfo {
  return {
    id: rule.id,
    scanner: scannerId,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    remediation: rule.remediation,
    references: rule.references,
    equivalents: Object.fromEntries(Object.entries(rule.equivalents).filter(([, v]) => v && v.length)) as Record<string, string[]>,
    tags: rule.tags,
  };
}

export function makeFinding(rule: RuleMeta, file: string, resource: string | undefined, violation: Violation, extra?: Record<string, unknown>): Finding {
  const position = violation.position ?? { line: 0, column: 0 };
  return {
    ruleId: rule.id,
    scanner: scannerId,
    severity: rule.severity,
    title: rule.title,
    message: violation.message,
    file,
    line: position.line,
    column: position.column,
    resource,
    remediation: rule.remediation,
    references: rule.references,
    fingerprint: fingerprintOf(scannerId, rule.id, file, resource, violation.path ?? violation.message),
    ...(extra ? { properties: extra } : {}),
  };
}

/**
 * Applies a resource's suppressions to a finding. The rule's own id and its Checkov/cfn_nag
 * equivalents all match, so existing suppressions keep working after a migration.
 */
export class SuppressionApplier {
  private readonly reported = new Set<string>();
  constructor(private readonly out: Finding[]) {}

  apply(finding: Finding, rule: RuleMeta, suppressions: Suppressions, file: string, resource?: string): Finding {
    const ids = [rule.id, ...(rule.equivalents.checkov ?? []), ...(rule.equivalents.cfn_nag ?? [])];
    for (const id of ids) {
      const s = suppressions.byId.get(id);
      if (!s) continue;
      if (s.reason) return { ...finding, suppressed: { reason: s.reason, source: s.source } };
      const key = `${file}\u0000${s.position.line}\u0000${id}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.out.push(
          makeFinding(suppressionRule, file, resource, {
            message: `The suppression of ${id} has no reason, so it is ignored; say why the risk is accepted.`,
            position: s.position,
            path: `suppression:${id}`,
          }),
        );
      }
    }
    return finding;
  }
}

export function parseFailure(file: string, message: string, position: Position): Finding {
  return makeFinding(parseRule, file, undefined, { message, position, path: 'parse' });
}

export function runResourceRules(
  rules: IacRule[],
  language: 'cfn' | 'tf',
  resources: ResourceView[],
  fileOf: (r: ResourceView) => string,
  out: Finding[],
): void {
  const applier = new SuppressionApplier(out);
  const byType = new Map<string, Array<{ rule: IacRule; check: (r: ResourceView) => Violation[] }>>();
  for (const rule of rules) {
    const spec = rule[language];
    if (!spec) continue;
    for (const type of spec.types) {
      const list = byType.get(type) ?? [];
      list.push({ rule, check: spec.check });
      byType.set(type, list);
    }
  }
  for (const resource of resources) {
    const wildcard = resource.type === 'Parameter' || resource.type === 'variable' ? [] : byType.get('*') ?? [];
    for (const { rule, check } of [...(byType.get(resource.type) ?? []), ...wildcard]) {
      const file = fileOf(resource);
      for (const v of dedupe(check(resource))) {
        const finding = makeFinding(rule, file, resource.name, v);
        out.push(applier.apply(finding, rule, resource.suppressions, file, resource.name));
      }
    }
  }
}

export function runKubernetesRules(rules: IacRule[], objects: K8sObject[], file: string, out: Finding[]): void {
  const applier = new SuppressionApplier(out);
  for (const object of objects)
    for (const rule of rules) {
      if (!rule.k8s) continue;
      for (const v of dedupe(rule.k8s(object))) out.push(applier.apply(makeFinding(rule, file, object.resource, v), rule, object.suppressions, file, object.resource));
    }
}

export function runDockerRules(rules: IacRule[], dockerfile: Dockerfile, file: string, out: Finding[]): void {
  const applier = new SuppressionApplier(out);
  for (const rule of rules) {
    if (!rule.docker) continue;
    for (const v of dedupe(rule.docker(dockerfile))) {
      const instruction = dockerfile.instructions.find((i) => i.line === v.position?.line);
      const stage = instruction && instruction.stage >= 0 ? dockerfile.stages[instruction.stage] : undefined;
      const resource = stage ? `stage ${stage.name ?? instruction!.stage}` : undefined;
      const finding = makeFinding(rule, file, resource, v);
      out.push(instruction ? applier.apply(finding, rule, instruction.suppressions, file, resource) : finding);
    }
  }
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.path ?? ''}\u0000${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
