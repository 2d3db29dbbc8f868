// YAML and JSON → plain values plus a side table of positions, for CloudFormation and Kubernetes.
// The `yaml` package parses both (JSON is YAML 1.2 flow syntax), keeps source ranges on every node and
// accepts custom tags, so one parser gives line numbers for templates in either format.
import { LineCounter, parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Tags } from 'yaml';
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

// Registered so the parser accepts the tags on scalars, sequences and maps without warnings; the
// conversion to the long form happens in `convert` below, where the position is at hand.
const customTags: Tags = Object.keys(intrinsicTags).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as unknown as Tags;

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

/** Limits that keep hostile input (alias bombs, deep nesting) from hanging or exhausting the scanner. */
const maxNodes = 250_000;
const maxDepth = 500;

export function parseYaml(source: string, options: { intrinsics: boolean }): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(source, {
    lineCounter,
    customTags: options.intrinsics ? customTags : undefined,
    prettyErrors: false,
    strict: false,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const positions = new PositionIndex();
  const pos = (offset: number | undefined): Position => {
    if (offset === undefined) return { line: 0, column: 0 };
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const documents: YamlDocument[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const at = pos(error.pos?.[0]);
      throw new SourceError(error.message.split('\n')[0], at.line, at.column);
    }
    let budget = maxNodes;
    const convert = (node: unknown, depth: number): unknown => {
      if (--budget < 0) throw new SourceError('document too large (alias expansion or size limit)', 0, 0);
      if (depth > maxDepth) throw new SourceError('document nested too deeply', 0, 0);
      if (node === null || node === undefined) return null;
      if (isAlias(node)) return convert(node.resolve(doc as Document), depth + 1);
      const n = node as Node;
      let value: unknown;
      if (isScalar(n)) value = n.value;
      else if (isMap(n)) {
        const out: Record<string, unknown> = {};
        positions.setStart(out, pos(n.range?.[0]));
        for (const pair of n.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as Node | null;
          const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(convert(keyNode, depth + 1));
          if (key === '<<' && isMap(pair.value as Node)) {
            Object.assign(out, convert(pair.value, depth + 1)); // YAML merge key
            continue;
          }
          out[key] = convert(pair.value, depth + 1);
          positions.setKey(out, key, pos(keyNode?.range?.[0]));
        }
        value = out;
      } else if (isSeq(n)) {
        const out: unknown[] = [];
        positions.setStart(out, pos(n.range?.[0]));
        n.items.forEach((item, i) => {
          out.push(convert(item, depth + 1));
          positions.setKey(out, i, pos((item as Node | null)?.range?.[0] ?? n.range?.[0]));
        });
        value = out;
      } else value = null;
      const tag = n.tag;
      if (options.intrinsics && tag && tag in intrinsicTags) {
        const name = intrinsicTags[tag];
        if (tag === '!GetAtt' && typeof value === 'string') {
          const dot = value.indexOf('.');
          value = dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
        }
        const wrapped = { [name]: value };
        positions.setStart(wrapped, pos(n.range?.[0]));
        positions.setKey(wrapped, name, pos(n.range?.[0]));
        return wrapped;
      }
      return value;
    };
    const value = convert(doc.contents, 0);
    documents.push({ value, line: pos(doc.range?.[0]).line || 1 });
  }
  return { documents, positions };
}
