// YAML and JSON → plain values plus a side table of positions, for CloudFormation and Kubernetes.
// js-yaml parses both (JSON is YAML 1.2 flow syntax), accepts custom tags for the intrinsic short forms
// and reports every node it builds to a listener, so one parser gives line numbers in either format.
import yaml from 'js-yaml';
import type { Position } from '../model.js';

/** CloudFormation short-form intrinsics: tag → long form. `!GetAtt a.b` and `!Condition` are special-cased. */
export const intrinsicTags: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

export class PositionIndex {
  private readonly starts = new WeakMap<object, Position>();
  private readonly keys = new WeakMap<object, Map<string | number, Position>>();

  setStart(container: object, position: Position): void {
    this.starts.set(container, position);
  }
  setKey(container: object, key: string | number, position: Position): void {
    let map = this.keys.get(container);
    if (!map) this.keys.set(container, (map = new Map()));
    map.set(key, position);
  }
  /** Where a map or list starts. */
  of(container: unknown): Position | undefined {
    return typeof container === 'object' && container !== null ? this.starts.get(container) : undefined;
  }
  /** Where a key of a map (or an item of a list) is. */
  key(container: unknown, key: string | number): Position | undefined {
    return typeof container === 'object' && container !== null ? this.keys.get(container)?.get(key) : undefined;
  }
}

export interface YamlDocument {
  value: unknown;
  /** 1-based line where the document starts (for multi-document files). */
  line: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  positions: PositionIndex;
}

export class SourceError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

// js-yaml types for the short-form tags, on scalars, sequences and maps. `!GetAtt a.b` splits into
// [a, b] (the attribute may itself contain dots: Endpoint.Address).
const intrinsicTypes = Object.entries(intrinsicTags).flatMap(([tag, name]) =>
  (['scalar', 'sequence', 'mapping'] as const).map(
    (kind) =>
      new yaml.Type(tag, {
        kind,
        construct: (data: unknown) => {
          if (tag === '!GetAtt' && typeof data === 'string') {
            const dot = data.indexOf('.');
            return { [name]: dot < 0 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
          }
          return { [name]: data ?? (kind === 'scalar' ? '' : data) };
        },
      }),
  ),
);
// The core schema (no timestamps: `2010-09-09` stays a string, as CloudFormation reads it) plus merge keys.
// (`types` is exported by js-yaml 4 but missing from its type definitions.)
const mergeType = (yaml as unknown as { types: { merge: yaml.Type } }).types.merge;
const cfnSchema = yaml.CORE_SCHEMA.extend([mergeType, ...intrinsicTypes]);
const plainSchema = yaml.CORE_SCHEMA.extend([mergeType]);

/** Limits that keep hostile input (alias bombs, deep nesting) from hanging or exhausting the scanner. */
const maxNodes = 250_000;
const maxDepth = 500;

interface Frame {
  position: Position;
  children: Array<{ position: Position; value: unknown }>;
}

/**
 * Parses YAML (or JSON, which is YAML 1.2) with js-yaml, recording where every map, list, key and
 * list item starts through js-yaml's node listener. js-yaml was chosen over the `yaml` package for
 * speed: on 11 KiB CloudFormation templates it parses ~10× faster (benchmark: docs/benchmarks.md#iac).
 */
export function parseYaml(source: string, options: { intrinsics: boolean }): ParsedYaml {
  const positions = new PositionIndex();
  const stack: Frame[] = [];
  const roots: Array<{ position: Position; value: unknown }> = [];
  const record = (value: unknown, frame: Frame) => {
    if (typeof value !== 'object' || value === null) return;
    let target: unknown = value;
    if (!Array.isArray(value)) {
      const keys = Object.keys(value);
      // An intrinsic built by a tag: the tag's children belong to the wrapped value.
      if (options.intrinsics && keys.length === 1 && isLongForm(keys[0]) && frame.children.length !== 2 * keys.length) {
        positions.setStart(value, frame.position);
        positions.setKey(value, keys[0], frame.position);
        target = (value as Record<string, unknown>)[keys[0]];
        if (typeof target !== 'object' || target === null) return;
      }
    }
    if (positions.of(target)) return; // an alias: the first occurrence keeps its position
    positions.setStart(target as object, frame.position);
    if (Array.isArray(target)) frame.children.forEach((c, i) => positions.setKey(target as object, i, c.position));
    else for (let i = 0; i + 1 < frame.children.length; i += 2) positions.setKey(target as object, String(frame.children[i].value), frame.children[i].position);
  };
  let values: unknown[];
  try {
    values = [];
    yaml.loadAll(source, (doc) => values.push(doc), {
      schema: options.intrinsics ? cfnSchema : plainSchema,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ position: { line: state.line + 1, column: state.position - state.lineStart + 1 }, children: [] });
          if (stack.length > maxDepth) throw new SourceError('document nested too deeply', state.line + 1, 0);
          return;
        }
        const frame = stack.pop();
        if (!frame) return;
        record(state.result, frame);
        const parent = stack[stack.length - 1];
        (parent ? parent.children : roots).push({ position: frame.position, value: state.result });
      },
    });
  } catch (error) {
    if (error instanceof SourceError) throw error;
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    throw new SourceError(String(reason).split('\n')[0], mark ? mark.line + 1 : 0, mark ? mark.column + 1 : 0);
  }
  // Aliases are shared references, not copies; count the expanded size so that an alias bomb is
  // refused here rather than exploding later in a check that walks the value.
  let budget = maxNodes;
  const count = (v: unknown, depth: number): void => {
    if (--budget < 0) throw new SourceError('document too large (alias expansion or size limit)', 0, 0);
    if (depth > maxDepth) throw new SourceError('document nested too deeply', 0, 0);
    if (Array.isArray(v)) for (const x of v) count(x, depth + 1);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) count(x, depth + 1);
  };
  for (const v of values) count(v, 0);
  // Top-level nodes are the documents, in order (empty documents have no node).
  const documents = values.map((value, i) => ({ value, line: roots.find((r) => r.value === value)?.position.line ?? roots[i]?.position.line ?? 1 }));
  return { documents, positions };
}

const isLongForm = (key: string) => key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
