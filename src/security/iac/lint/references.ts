// Reference checks over the whole template: Ref/GetAtt/Sub targets, DependsOn, conditions, cycles,
// unused parameters/conditions/mappings and outputs.
import { isObject, own } from '../evaluate.js';
import type { Position } from '../model.js';
import type { LintContext } from './index.js';
import { lintRule } from './rules.js';
import { suggest, type SpecIndex } from './spec.js';

const pseudo = new Set(['AWS::AccountId', 'AWS::NoValue', 'AWS::NotificationARNs', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

interface Use {
  kind: 'Ref' | 'GetAtt' | 'Sub' | 'Condition' | 'FindInMap';
  target: string;
  attribute?: string;
  position: Position | undefined;
  /** The resource (logical id) or output the use is in. */
  owner?: string;
  section: string;
}

export function checkReferences(ctx: LintContext, spec: SpecIndex): void {
  const t = ctx.template.template;
  const positions = ctx.template.positions;
  const parameters = isObject(t.Parameters) ? t.Parameters : {};
  const resources = isObject(t.Resources) ? t.Resources : {};
  const conditions = isObject(t.Conditions) ? t.Conditions : {};
  const mappings = isObject(t.Mappings) ? t.Mappings : {};
  const outputs = isObject(t.Outputs) ? t.Outputs : {};
  // Transforms (SAM, macros) create resources and rewrite the template: names we can't see may exist.
  const transformed = t.Transform !== undefined;

  const uses: Use[] = [];
  const collect = (value: unknown, section: string, owner: string | undefined, at: Position | undefined, locals: Set<string>, depth: number) => {
    if (depth > 100) return;
    if (Array.isArray(value)) return value.forEach((v, i) => collect(v, section, owner, positions.key(value, i) ?? at, locals, depth + 1));
    if (!isObject(value)) return;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = value[fn];
      const here = positions.of(value) ?? at;
      if (fn === 'Ref' && typeof arg === 'string') uses.push({ kind: 'Ref', target: arg, position: here, owner, section });
      else if (fn === 'Fn::GetAtt') {
        const parts = typeof arg === 'string' ? arg.split(/\.(.*)/s, 2) : Array.isArray(arg) ? arg : [];
        if (typeof parts[0] === 'string') uses.push({ kind: 'GetAtt', target: parts[0], attribute: typeof parts[1] === 'string' ? parts[1] : undefined, position: here, owner, section });
      } else if (fn === 'Fn::Sub') {
        const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined;
        const vars = Array.isArray(arg) && isObject(arg[1]) ? new Set(Object.keys(arg[1])) : new Set<string>();
        if (text !== undefined)
          for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const name = m[1].trim();
            if (vars.has(name) || locals.has(name)) continue;
            const [target, attribute] = name.split(/\.(.*)/s, 2);
            uses.push({ kind: 'Sub', target, attribute, position: here, owner, section });
          }
        if (Array.isArray(arg) && isObject(arg[1])) collect(arg[1], section, owner, here, locals, depth + 1);
        return;
      } else if (fn === 'Condition' && typeof arg === 'string') uses.push({ kind: 'Condition', target: arg, position: here, owner, section });
      else if (fn === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string') uses.push({ kind: 'Condition', target: arg[0], position: here, owner, section });
      else if (fn === 'Fn::FindInMap' && Array.isArray(arg) && typeof arg[0] === 'string') uses.push({ kind: 'FindInMap', target: arg[0], position: here, owner, section });
      else if (fn === 'Fn::ForEach' || fn.startsWith('Fn::ForEach::')) return; // language extension: skipped
    }
    for (const [k, v] of Object.entries(value)) collect(v, section, owner, positions.key(value, k) ?? at, locals, depth + 1);
  };

  const dependencies = new Map<string, Set<string>>();
  for (const [name, raw] of Object.entries(resources)) {
    if (!isObject(raw)) continue;
    const at = positions.key(resources, name);
    dependencies.set(name, new Set());
    for (const key of ['Properties', 'Metadata', 'UpdatePolicy', 'CreationPolicy', 'DeletionPolicy', 'UpdateReplacePolicy']) if (key in raw) collect(raw[key], 'Resources', name, positions.key(raw, key) ?? at, new Set(), 0);
    if (typeof raw.Condition === 'string') uses.push({ kind: 'Condition', target: raw.Condition, position: positions.key(raw, 'Condition') ?? at, owner: name, section: 'Resources' });
    const dependsOn = typeof raw.DependsOn === 'string' ? [raw.DependsOn] : Array.isArray(raw.DependsOn) ? raw.DependsOn : [];
    for (const d of dependsOn) {
      if (typeof d !== 'string') continue;
      if (!Object.hasOwn(resources, d)) ctx.report(lintRule.dependsOn, `${name} DependsOn ${d}, which is not a resource of this template${hintOf(d, Object.keys(resources))}.`, positions.key(raw, 'DependsOn') ?? at, name, `DependsOn:${d}`);
      else dependencies.get(name)!.add(d);
    }
  }
  collect(conditions, 'Conditions', undefined, undefined, new Set(), 0);
  for (const [name, raw] of Object.entries(outputs)) {
    const at = positions.key(outputs, name);
    if (!isObject(raw) || !('Value' in raw)) {
      ctx.report(lintRule.badOutput, `Output ${name} has no Value.`, at, name, `output:${name}`);
      continue;
    }
    if ('Export' in raw && !(isObject(raw.Export) && 'Name' in raw.Export)) ctx.report(lintRule.badOutput, `Output ${name} has an Export without a Name.`, positions.key(raw, 'Export') ?? at, name, `export:${name}`);
    collect(raw, 'Outputs', `Outputs.${name}`, at, new Set(), 0);
    if (typeof raw.Condition === 'string') uses.push({ kind: 'Condition', target: raw.Condition, position: positions.key(raw, 'Condition') ?? at, section: 'Outputs' });
  }
  if (isObject(t.Rules)) collect(t.Rules, 'Rules', undefined, undefined, new Set(), 0);

  const resourceType = (name: string) => {
    const r = own(resources, name);
    return isObject(r) ? String(r.Type) : '';
  };
  for (const use of uses) {
    switch (use.kind) {
      case 'Ref':
        if (Object.hasOwn(parameters, use.target) || pseudo.has(use.target)) break;
        if (Object.hasOwn(resources, use.target)) {
          if (use.owner && Object.hasOwn(resources, use.owner) && use.section === 'Resources') dependencies.get(use.owner)?.add(use.target);
          break;
        }
        if (!transformed) ctx.report(lintRule.badRef, `Ref ${use.target} is not a parameter, resource or pseudo parameter${hintOf(use.target, [...Object.keys(parameters), ...Object.keys(resources)])}.`, use.position, use.owner, `Ref:${use.target}`);
        break;
      case 'GetAtt':
      case 'Sub': {
        if (use.kind === 'Sub' && use.attribute === undefined && (Object.hasOwn(parameters, use.target) || pseudo.has(use.target))) break;
        if (!Object.hasOwn(resources, use.target)) {
          if (!transformed) {
            const what = use.kind === 'Sub' ? `\${${use.target}${use.attribute ? '.' + use.attribute : ''}} in Fn::Sub` : `GetAtt ${use.target}`;
            ctx.report(use.kind === 'Sub' ? lintRule.badSub : lintRule.badGetAtt, `${what} names nothing in this template${hintOf(use.target, [...Object.keys(resources), ...(use.kind === 'Sub' ? Object.keys(parameters) : [])])}.`, use.position, use.owner, `${use.kind}:${use.target}`);
          }
          break;
        }
        if (use.owner && use.section === 'Resources') dependencies.get(use.owner)?.add(use.target);
        if (use.attribute === undefined || use.attribute.includes('${')) break;
        const type = resourceType(use.target);
        const r = spec.resources.get(type);
        if (!r || type.startsWith('AWS::Serverless::') || type === 'AWS::CloudFormation::Stack' || type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::')) break;
        if (!r.attributes.has(use.attribute) && r.attributes.size > 0)
          ctx.report(use.kind === 'Sub' ? lintRule.badSub : lintRule.badGetAtt, `${type} has no attribute ${use.attribute}${hintOf(use.attribute, r.attributes)}.`, use.position, use.owner, `${use.kind}:${use.target}.${use.attribute}`);
        break;
      }
      case 'Condition':
        if (!Object.hasOwn(conditions, use.target)) ctx.report(lintRule.badCondition, `Condition ${use.target} is not defined${hintOf(use.target, Object.keys(conditions))}.`, use.position, use.owner, `Condition:${use.target}`);
        break;
      case 'FindInMap':
        break;
    }
  }

  const used = (kind: Use['kind'][], name: string) => uses.some((u) => kind.includes(u.kind) && u.target === name);
  for (const name of Object.keys(parameters))
    if (!used(['Ref', 'Sub'], name) && !transformed) ctx.report(lintRule.unusedParameter, `Parameter ${name} is not used.`, positions.key(parameters, name), name, `param:${name}`);
  for (const name of Object.keys(conditions)) if (!used(['Condition'], name)) ctx.report(lintRule.unusedCondition, `Condition ${name} is not used.`, positions.key(conditions, name), name, `condition:${name}`);
  for (const name of Object.keys(mappings)) if (!used(['FindInMap'], name)) ctx.report(lintRule.unusedMapping, `Mapping ${name} is not used.`, positions.key(mappings, name), name, `mapping:${name}`);

  for (const cycle of cycles(dependencies)) {
    const first = cycle[0];
    ctx.report(lintRule.circular, `Circular dependency: ${[...cycle, first].join(' → ')}.`, positions.key(resources, first), first, `cycle:${[...cycle].sort().join(',')}`);
  }
}

function hintOf(name: string, candidates: Iterable<string>): string {
  const s = suggest(name, candidates);
  return s && s !== name ? ` (did you mean ${s}?)` : '';
}

/** Strongly connected components with more than one node (or a self-loop), via Tarjan's algorithm. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    // Iterative-safe enough: templates have at most 500 resources.
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) out.push(component.reverse());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return out;
}
