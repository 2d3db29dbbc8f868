// CloudFormation templates (YAML or JSON, plain or SAM) → resources with positions and an evaluator
// that understands intrinsic functions.
import { UNKNOWN, type Position } from '../model.js';
import { isObject, own, valuesAt, type Evaluator } from '../evaluate.js';
import type { ResourceView, Suppressions } from '../resource.js';
import { parseYaml, SourceError, type PositionIndex } from './yaml.js';

export interface CfnTemplate {
  template: Record<string, unknown>;
  positions: PositionIndex;
  sam: boolean;
  resources: ResourceView[];
  /** Template parameters as views of type `Parameter`. */
  parameters: ResourceView[];
  evaluator: Evaluator;
}

export const parameterType = 'Parameter';

/** True when a parsed YAML/JSON document looks like a CloudFormation template. */
export function looksLikeCloudFormation(value: unknown): boolean {
  if (!isObject(value)) return false;
  if ('AWSTemplateFormatVersion' in value) return true;
  const resources = value.Resources;
  if (!isObject(resources)) return false;
  return Object.values(resources).some((r) => isObject(r) && typeof r.Type === 'string' && /^(AWS|Custom|Alexa)::|^AWS::Serverless/.test(r.Type));
}

export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

export function parseCloudFormation(source: string): CfnTemplate {
  const { documents, positions } = parseYaml(source, { intrinsics: true });
  const template = documents[0]?.value;
  if (!isObject(template)) throw new SourceError('a CloudFormation template must be a map', 1, 1);
  return buildTemplate(template, positions);
}

export function buildTemplate(template: Record<string, unknown>, positions: PositionIndex): CfnTemplate {
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const mappings = isObject(template.Mappings) ? template.Mappings : {};
  const resourcesMap = isObject(template.Resources) ? template.Resources : {};
  const transform = template.Transform;
  const sam = (Array.isArray(transform) ? transform : [transform]).some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless'));

  const evaluator: Evaluator = {
    possible(value: unknown): unknown[] {
      if (!isIntrinsic(value)) return [value];
      const [fn, arg] = Object.entries(value)[0];
      switch (fn) {
        case 'Ref': {
          if (arg === 'AWS::NoValue') return [undefined];
          const p = typeof arg === 'string' ? own(parameters, arg) : undefined;
          if (isObject(p)) {
            return 'Default' in p && !isIntrinsic(p.Default) ? [p.Default] : [UNKNOWN];
          }
          return [UNKNOWN];
        }
        case 'Fn::If': {
          if (!Array.isArray(arg) || arg.length !== 3) return [UNKNOWN];
          return [...this.possible(arg[1]), ...this.possible(arg[2])];
        }
        case 'Fn::FindInMap': {
          if (!Array.isArray(arg) || arg.length < 3) return [UNKNOWN];
          const [m, k1, k2] = arg.map((a) => this.possible(a));
          if (m.length !== 1 || k1.length !== 1 || k2.length !== 1) return [UNKNOWN];
          const [mv, k1v, k2v] = [m[0], k1[0], k2[0]];
          if (typeof mv !== 'string' || typeof k1v !== 'string' || typeof k2v !== 'string') return [UNKNOWN];
          const map = own(mappings, mv);
          const level = isObject(map) ? own(map, k1v) : undefined;
          return isObject(level) && Object.hasOwn(level, k2v) ? this.possible(level[k2v]) : [UNKNOWN];
        }
        case 'Fn::Sub': {
          const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' && (arg[1] === undefined || (isObject(arg[1]) && Object.keys(arg[1]).length === 0)) ? arg[0] : undefined;
          if (text === undefined) return [UNKNOWN];
          let unknown = false;
          const out = text.replace(/\$\{([^!}][^}]*)\}/g, (_m, name: string) => {
            const p = own(parameters, name);
            if (isObject(p) && typeof p.Default !== 'object' && p.Default !== undefined) return String(p.Default);
            unknown = true;
            return '';
          });
          return unknown ? [UNKNOWN] : [out.replace(/\$\{!/g, '${')];
        }
        case 'Fn::Join': {
          if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return [UNKNOWN];
          const parts = arg[1].map((a) => this.possible(a));
          if (parts.some((p) => p.length !== 1 || (typeof p[0] !== 'string' && typeof p[0] !== 'number'))) return [UNKNOWN];
          return [parts.map((p) => String(p[0])).join(arg[0])];
        }
        default:
          return [UNKNOWN];
      }
    },
  };

  const views: ResourceView[] = [];
  const byType = new Map<string, ResourceView[]>();
  const makeView = (name: string, type: string, raw: Record<string, unknown>, props: Record<string, unknown>, resourcePosition: Position): ResourceView => ({
    name,
    type,
    props,
    get: (path) => valuesAt(props, path, evaluator),
    within: (value, path) => valuesAt(value, path, evaluator),
    where: (path = '') => {
      let container: unknown = props;
      let best: Position = positions.key(raw, 'Properties') ?? resourcePosition;
      if (path === '') return resourcePosition;
      for (const part of path.split('.')) {
        if (part === '*') break;
        const key = Array.isArray(container) ? Number(part) : part;
        const p = positions.key(container, key);
        if (!p) break;
        best = p;
        container = (container as Record<string | number, unknown>)[key];
        if (isIntrinsic(container)) break;
      }
      return best;
    },
    others: (t) => byType.get(t) ?? [],
    refersTo: (path, target) => mentionsCfn(path === '' ? props : valueAtRaw(props, path), target.name),
    suppressions: cfnSuppressions(raw.Metadata, positions, resourcePosition),
  });
  for (const [name, raw] of Object.entries(resourcesMap)) {
    if (!isObject(raw) || typeof raw.Type !== 'string') continue;
    const props = isObject(raw.Properties) ? raw.Properties : {};
    const view = makeView(name, raw.Type, raw, props, positions.key(resourcesMap, name) ?? { line: 0, column: 0 });
    views.push(view);
    const list = byType.get(raw.Type) ?? [];
    list.push(view);
    byType.set(raw.Type, list);
  }
  // Parameters are checked like resources of the pseudo-type `Parameter` (secrets in parameters).
  const parameterViews = Object.entries(parameters)
    .filter(([, def]) => isObject(def))
    .map(([name, def]) => makeView(name, parameterType, def as Record<string, unknown>, def as Record<string, unknown>, positions.key(parameters, name) ?? { line: 0, column: 0 }));
  return { template, positions, sam, resources: views, parameters: parameterViews, evaluator };
}

function valueAtRaw(root: unknown, path: string): unknown {
  let v = root;
  for (const part of path.split('.')) {
    if (Array.isArray(v)) v = v[Number(part)];
    else if (isObject(v)) v = own(v, part);
    else return undefined;
  }
  return v;
}

/** Does a raw (unevaluated) value refer to a logical id through Ref, GetAtt or Sub? */
export function mentionsCfn(value: unknown, logicalId: string): boolean {
  if (value === undefined) return false;
  const text = JSON.stringify(value);
  if (text === undefined) return false;
  const id = logicalId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`"Ref":"${id}"|"Fn::GetAtt":\\["${id}"|\\$\\{${id}[.}]`).test(text);
}

/**
 * Suppressions in resource metadata. Paved's own form, cfn_nag's and Checkov's are all read so
 * teams migrating keep their accepted risks (the ids are mapped through the rules' equivalents).
 */
function cfnSuppressions(metadata: unknown, positions: PositionIndex, fallback: Position): Suppressions {
  const byId: Suppressions['byId'] = new Map();
  if (!isObject(metadata)) return { byId };
  const read = (list: unknown, reasonKey: string, source: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (!isObject(item) || typeof item.id !== 'string') return;
      const reason = typeof item[reasonKey] === 'string' ? (item[reasonKey] as string).trim() : '';
      byId.set(item.id, { reason, source, position: positions.key(list, i) ?? fallback });
    });
  };
  const paved = metadata.paved;
  if (isObject(paved)) read(paved.skip, 'reason', 'metadata');
  const nag = metadata.cfn_nag;
  if (isObject(nag)) read(nag.rules_to_suppress, 'reason', 'cfn_nag');
  const checkov = metadata.checkov;
  if (isObject(checkov)) read(checkov.skip, 'comment', 'checkov');
  return { byId };
}
