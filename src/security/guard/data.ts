// Reads the data documents Guard validates: JSON or YAML (JSON is YAML 1.2), keeping each value's
// line and column. CloudFormation short-form intrinsic tags are expanded the way cfn-guard's YAML
// loader does: `!Ref x` → {"Ref": "x"}, `!Condition c` → {"Condition": "c"}, any other `!Name v` →
// {"Fn::Name": v}, and the scalar form `!GetAtt a.b` → {"Fn::GetAtt": ["a", "b"]}.
import { isMap, isScalar, isSeq, isAlias, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { childPath, type GValue } from './values.js';

export class DataParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}

/** Nesting deeper than this is refused: it bounds recursion in the reader and the evaluator. */
export const maxDataDepth = 256;

export function tagToKey(tag: string): string {
  const name = tag.replace(/^!/, '');
  if (name === 'Ref' || name === 'Condition') return name;
  return `Fn::${name}`;
}

export function parseData(text: string, file = '<input>'): GValue {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, merge: true, strict: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new DataParseError(file, pos.line, pos.col, e.message.split('\n')[0]!);
  }
  const at = (node: YamlNode | null | undefined): [number, number] => {
    const offset = node?.range?.[0];
    if (offset === undefined) return [0, 0];
    const pos = lines.linePos(offset);
    return [pos.line, pos.col];
  };
  const convert = (node: unknown, path: string, depth: number): GValue => {
    if (depth > maxDataDepth) {
      const [l, c] = at(node as YamlNode);
      throw new DataParseError(file, l, c, `nesting deeper than ${maxDataDepth} levels`);
    }
    if (isAlias(node)) return convert(node.resolve(doc), path, depth + 1);
    const [line, column] = at(node as YamlNode);
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      // A CloudFormation short-form intrinsic: wrap the untagged value in its long-form key.
      const key = tagToKey(tag);
      const inner = node as YamlNode;
      const untagged = (() => {
        const saved = inner.tag;
        inner.tag = undefined;
        try {
          return convert(inner, childPath(path, key), depth + 1);
        } finally {
          inner.tag = saved;
        }
      })();
      let value = untagged;
      if (key === 'Fn::GetAtt' && untagged.kind === 'string') {
        const dot = untagged.value.indexOf('.');
        const parts = dot < 0 ? [untagged.value] : [untagged.value.slice(0, dot), untagged.value.slice(dot + 1)];
        const p = childPath(path, key);
        value = {
          kind: 'list',
          path: p,
          line,
          column,
          value: parts.map((s, i) => ({ kind: 'string' as const, value: s, path: childPath(p, i), line, column })),
        };
      }
      return { kind: 'map', value: new Map([[key, value]]), path, line, column };
    }
    if (isMap(node)) {
      const map = new Map<string, GValue>();
      const keyLocations = new Map<string, [number, number]>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        keyLocations.set(key, at(keyNode));
        map.set(key, convert(pair.value, childPath(path, key), depth + 1));
      }
      return { kind: 'map', value: map, keyLocations, path, line, column };
    }
    if (isSeq(node)) {
      return { kind: 'list', value: node.items.map((item, i) => convert(item, childPath(path, i), depth + 1)), path, line, column };
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || v === undefined) return { kind: 'null', value: null, path, line, column };
      if (typeof v === 'boolean') return { kind: 'bool', value: v, path, line, column };
      if (typeof v === 'number' || typeof v === 'bigint') {
        const n = Number(v);
        const src = (node as { source?: string }).source ?? String(v);
        const float = typeof v === 'number' && (/[.eE]/.test(src) || !Number.isFinite(n) || !Number.isInteger(n));
        return float ? { kind: 'float', value: n, path, line, column } : { kind: 'int', value: n, path, line, column };
      }
      if (v instanceof Date) return { kind: 'string', value: (node as { source?: string }).source ?? v.toISOString(), path, line, column };
      return { kind: 'string', value: String(v), path, line, column };
    }
    if (node === null || node === undefined) return { kind: 'null', value: null, path, line, column };
    return { kind: 'string', value: String(node), path, line, column };
  };
  return convert(doc.contents, '', 0);
}
