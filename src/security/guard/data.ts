// Reads the data documents Guard validates: JSON or YAML (JSON is YAML), keeping each value's line
// and column. CloudFormation short-form intrinsic tags are expanded the way cfn-guard's YAML loader
// does: `!Ref x` → {"Ref": "x"}, `!Condition c` → {"Condition": "c"}, any other `!Name v` →
// {"Fn::Name": v}, and the scalar form `!GetAtt a.b` → {"Fn::GetAtt": ["a", "b"]}.
//
// Parsing uses js-yaml (about 10× faster than the `yaml` package on CloudFormation-sized files, which
// is what lets 1,000 templates validate within the benchmark budget). js-yaml reports each node's start
// and end through its `listener` hook; the reader rebuilds the tree from those events so every value
// keeps its place. Node shapes js-yaml folds (merge keys) fall back to the enclosing node's place.
import jsyaml from 'js-yaml';
import { childPath, fromPlain, type GValue } from './values.js';

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

const tagged = (kind: 'scalar' | 'sequence' | 'mapping') =>
  new jsyaml.Type('!', {
    kind,
    multi: true,
    construct: (data: unknown, tag?: string) => {
      const key = tagToKey(tag ?? '!');
      if (key === 'Fn::GetAtt' && typeof data === 'string') {
        const dot = data.indexOf('.');
        return { [key]: dot < 0 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
      }
      return { [key]: data ?? (kind === 'scalar' ? '' : data) };
    },
  });
const schema = jsyaml.CORE_SCHEMA.extend([tagged('scalar'), tagged('sequence'), tagged('mapping')]);

interface Entry {
  result: unknown;
  start: number;
  end: number;
  tag: string | null;
  children: Entry[];
}

export function parseData(text: string, file = '<input>'): GValue {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number): [number, number] => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - lineStarts[lo]! + 1];
  };
  /** Node starts reported by js-yaml may sit before separating spaces or comments. */
  const skipSpace = (offset: number, end: number): number => {
    let i = offset;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 35) while (i < end && text.charCodeAt(i) !== 10) i++;
      else break;
    }
    return i < end ? i : offset;
  };

  const stack: Array<{ start: number; children: Entry[] }> = [];
  let root: Entry | undefined;
  let depth = 0;
  let value: unknown;
  try {
    value = jsyaml.load(text, {
      schema,
      filename: file,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          if (++depth > maxDataDepth * 2 + 8) throw new jsyaml.YAMLException(`nesting deeper than ${maxDataDepth} levels`);
          stack.push({ start: state.position, children: [] });
          return;
        }
        depth--;
        const frame = stack.pop()!;
        let e: Entry = { result: state.result, start: frame.start, end: state.position, tag: (state as unknown as { tag?: string | null }).tag ?? null, children: frame.children };
        // The same node reported twice (block sequence entries, tagged nodes): keep the inner report.
        while (e.children.length === 1 && e.children[0]!.result === e.result) {
          const inner = e.children[0]!;
          e = { ...inner, tag: inner.tag ?? e.tag };
        }
        if (stack.length) stack[stack.length - 1]!.children.push(e);
        else root = e;
      },
    });
  } catch (error) {
    if (error instanceof jsyaml.YAMLException) {
      const mark = (error as jsyaml.YAMLException & { mark?: { line: number; column: number } }).mark;
      let line = (mark?.line ?? 0) + 1;
      let column = (mark?.column ?? 0) + 1;
      if (line > lineStarts.length || (line === lineStarts.length && lineStarts[line - 1]! >= text.length && line > 1)) {
        // js-yaml reports an unexpected end one line past the text; point at the end of the last line.
        line = text.endsWith('\n') ? lineStarts.length - 1 : lineStarts.length;
        column = text.replace(/\n$/, '').length - lineStarts[line - 1]! + 1;
      }
      throw new DataParseError(file, line, column, error.reason ?? error.message.split('\n')[0]!);
    }
    throw error;
  }

  const convert = (e: Entry | undefined, v: unknown, path: string, depth: number, fallback: [number, number]): GValue => {
    if (depth > maxDataDepth) throw new DataParseError(file, fallback[0], fallback[1], `nesting deeper than ${maxDataDepth} levels`);
    const at = e && e.result === v ? position(skipSpace(e.start, e.end)) : fallback;
    const [line, column] = at;
    if (v === null || v === undefined) return { kind: 'null', value: null, path, line, column };
    if (typeof v === 'string') return { kind: 'string', value: v, path, line, column };
    if (typeof v === 'boolean') return { kind: 'bool', value: v, path, line, column };
    if (typeof v === 'number') {
      const src = e && e.result === v ? text.slice(skipSpace(e.start, e.end), e.end).trim() : String(v);
      const float = !Number.isInteger(v) || (/[.eE]|inf|nan/i.test(src) && !/^[-+]?0x/i.test(src));
      return { kind: float ? 'float' : 'int', value: v, path, line, column };
    }
    const own = e && e.result === v ? e : undefined;
    if (Array.isArray(v)) {
      const items = own && own.children.length === v.length ? own.children : undefined;
      return { kind: 'list', value: v.map((x, i) => convert(items?.[i], x, childPath(path, i), depth + 1, at)), path, line, column };
    }
    if (typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj);
      // A CloudFormation tag: the tagged node's own children belong to the value under the long-form key.
      if (own?.tag && own.tag.startsWith('!') && keys.length === 1) {
        const key = keys[0]!;
        const innerValue = obj[key];
        const inner: Entry = { ...own, result: innerValue, tag: null };
        const p = childPath(path, key);
        const converted =
          key === 'Fn::GetAtt' && Array.isArray(innerValue) && own.children.length === 0
            ? fromPlain(innerValue, p, line, column)
            : convert(inner, innerValue, p, depth + 1, at);
        return { kind: 'map', value: new Map([[key, converted]]), path, line, column };
      }
      const map = new Map<string, GValue>();
      const keyLocations = new Map<string, [number, number]>();
      // Children come as key, value, key, value… in document order, which is the object's key order
      // unless merge keys or numeric-looking keys reorder it; then look them up by name.
      const kids = own?.children;
      const inOrder = !!kids && kids.length === keys.length * 2 && keys.every((k, i) => String(kids[2 * i]!.result) === k);
      let children: Map<string, [Entry, Entry | undefined]> | undefined;
      if (kids && !inOrder) {
        children = new Map();
        for (let i = 0; i < kids.length; i += 2) children.set(String(kids[i]!.result), [kids[i]!, kids[i + 1]]);
      }
      for (let ki = 0; ki < keys.length; ki++) {
        const k = keys[ki]!;
        const pair: [Entry, Entry | undefined] | undefined = inOrder ? [kids![2 * ki]!, kids![2 * ki + 1]] : children?.get(k);
        if (pair) keyLocations.set(k, position(skipSpace(pair[0].start, pair[0].end)));
        map.set(k, convert(pair?.[1], obj[k], childPath(path, k), depth + 1, pair ? position(skipSpace(pair[0].start, pair[0].end)) : at));
      }
      return { kind: 'map', value: map, keyLocations, path, line, column };
    }
    return fromPlain(v, path, line, column);
  };
  return convert(root, value, '', 0, [1, 1]);
}
