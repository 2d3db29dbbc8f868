// CloudFormation lint: structure, schema (types, properties, enums) and references.
import type { Finding } from '../../finding.js';
import { isObject } from '../evaluate.js';
import { makeFinding } from '../engine.js';
import type { Position, RuleMeta } from '../model.js';
import { isIntrinsic, type CfnTemplate } from '../parse/cloudformation.js';
import { loadSpec, suggest, type PropertySpec, type SpecIndex, type TypeSpec } from './spec.js';
import { lintRule } from './rules.js';
import { checkReferences } from './references.js';

export interface LintContext {
  template: CfnTemplate;
  file: string;
  out: Finding[];
  report(rule: RuleMeta, message: string, position: Position | undefined, resource?: string, key?: string): void;
}

const sections = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks']);

export function lintTemplate(template: CfnTemplate, file: string, out: Finding[]): void {
  const ctx: LintContext = {
    template,
    file,
    out,
    report(rule, message, position, resource, key) {
      out.push(makeFinding(rule, file, resource, { message, position: position ?? { line: 0, column: 0 }, path: key ?? message }));
    },
  };
  const t = template.template;
  for (const key of Object.keys(t))
    if (!sections.has(key)) ctx.report(lintRule.badSection, `Unknown top-level section ${key}${hint(key, sections)}.`, template.positions.key(t, key), undefined, `section:${key}`);
  const spec = loadSpec();
  const resources = isObject(t.Resources) ? t.Resources : {};
  for (const [name, raw] of Object.entries(resources)) {
    const at = template.positions.key(resources, name);
    if (!isObject(raw) || typeof raw.Type !== 'string') {
      ctx.report(lintRule.badSection, `Resource ${name} must be a map with a Type.`, at, name, 'type');
      continue;
    }
    checkResource(ctx, spec, name, raw, at);
  }
  checkReferences(ctx, spec);
}

function hint(name: string, candidates: Iterable<string>): string {
  const s = suggest(name, candidates);
  return s ? ` (did you mean ${s}?)` : '';
}

function checkResource(ctx: LintContext, spec: SpecIndex, name: string, raw: Record<string, unknown>, at: Position | undefined): void {
  const type = raw.Type as string;
  // Custom resources, SAM resources (expanded by the transform) and third-party/module types have
  // no schema here: they are not checked rather than reported.
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource' || type.startsWith('AWS::Serverless::') || /::MODULE$/.test(type)) return;
  const resource = spec.resources.get(type);
  if (!resource) {
    if (!/^(AWS|Alexa)::/.test(type)) return; // registry extensions (Org::Service::Type) are not in the spec
    const s = suggest(type, spec.resources.keys());
    ctx.report(lintRule.unknownType, `Resource ${name} has unknown type ${type}${s ? ` (did you mean ${s}?)` : ''}.`, ctx.template.positions.key(raw, 'Type') ?? at, name, 'Type');
    return;
  }
  const props = raw.Properties;
  if (props === undefined) {
    for (const [p, ps] of Object.entries(resource.properties))
      if (ps.required) ctx.report(lintRule.missingRequired, `Resource ${name} (${type}) is missing required property ${p}.`, at, name, p);
    return;
  }
  if (isIntrinsic(props)) return;
  if (!isObject(props)) {
    ctx.report(lintRule.wrongType, `Properties of ${name} must be a map.`, ctx.template.positions.key(raw, 'Properties') ?? at, name, 'Properties');
    return;
  }
  checkObject(ctx, spec, name, type, props, resource.properties, ctx.template.positions.key(raw, 'Properties') ?? at, '');
}

function checkObject(ctx: LintContext, spec: SpecIndex, resource: string, typeName: string, value: Record<string, unknown>, properties: Record<string, PropertySpec>, at: Position | undefined, path: string): void {
  const positions = ctx.template.positions;
  for (const [key, child] of Object.entries(value)) {
    const p = Object.hasOwn(properties, key) ? properties[key] : undefined;
    const here = path ? `${path}.${key}` : key;
    if (!p) {
      if (isIntrinsic(value) || key === 'Fn::If') continue;
      ctx.report(lintRule.unknownProperty, `${resource}: ${typeName} has no property ${key}${hint(key, Object.keys(properties))}.`, positions.key(value, key) ?? at, resource, here);
      continue;
    }
    checkValue(ctx, spec, resource, child, p.type, positions.key(value, key) ?? at, here);
  }
  for (const [key, p] of Object.entries(properties))
    if (p.required && !Object.hasOwn(value, key)) ctx.report(lintRule.missingRequired, `${resource}: ${path || typeName} is missing required property ${key}.`, at, resource, `${path}.${key}`);
}

function checkValue(ctx: LintContext, spec: SpecIndex, resource: string, value: unknown, type: TypeSpec, at: Position | undefined, path: string): void {
  if (value === null || value === undefined) return;
  if (isIntrinsic(value)) {
    // Fn::If branches are values of the property's type; other intrinsics are not judged.
    const [fn, arg] = Object.entries(value)[0];
    if (fn === 'Fn::If' && Array.isArray(arg) && arg.length === 3) for (const branch of arg.slice(1)) if (!(isObject(branch) && 'Ref' in branch && branch.Ref === 'AWS::NoValue')) checkValue(ctx, spec, resource, branch, type, at, path);
    return;
  }
  const problem = typeProblem(spec, value, type);
  if (problem === 'enum') {
    ctx.report(lintRule.badEnum, `${resource}: ${path} is ${JSON.stringify(value)}; allowed: ${(type.allowedValues ?? []).join(', ')}.`, at, resource, path);
    return;
  }
  if (problem) {
    ctx.report(lintRule.wrongType, `${resource}: ${path} should be ${problem}, not ${describe(value)}.`, at, resource, path);
    return;
  }
  const positions = ctx.template.positions;
  if (type.type === 'array' && Array.isArray(value) && type.element)
    value.forEach((item, i) => checkValue(ctx, spec, resource, item, type.element!, positions.key(value, i) ?? at, `${path}.${i}`));
  else if (type.type === 'map' && isObject(value) && type.element)
    for (const [k, v] of Object.entries(value)) checkValue(ctx, spec, resource, v, type.element, positions.key(value, k) ?? at, `${path}.${k}`);
  else if (type.type === 'ref' && isObject(value) && type.reference) {
    const def = spec.types.get(type.reference.$ref);
    if (def) checkObject(ctx, spec, resource, def.name, value, def.properties, at, path);
  }
}

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** undefined when the value fits; 'enum' for a disallowed value; otherwise the expected type's name. */
function typeProblem(spec: SpecIndex, value: unknown, type: TypeSpec): string | undefined {
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (!scalar(value)) return 'a string';
      if (type.allowedValues?.length && typeof value === 'string' && !type.allowedValues.some((a) => a.toLowerCase() === value.toLowerCase())) return 'enum';
      return undefined;
    case 'integer':
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) ? undefined : `a ${type.type}`;
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' || value === 'True' || value === 'False' ? undefined : 'a boolean';
    case 'array':
      return Array.isArray(value) ? undefined : 'a list';
    case 'map':
      return isObject(value) ? undefined : 'a map';
    case 'ref':
    case 'tag':
      return isObject(value) ? undefined : 'a map';
    case 'union':
      return (type.types ?? []).some((t) => {
        const p = typeProblem(spec, value, t);
        return p === undefined;
      })
        ? undefined
        : (type.types ?? []).map((t) => t.type).join(' or ');
    default:
      return undefined; // json and anything newer: accepted
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a map';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
