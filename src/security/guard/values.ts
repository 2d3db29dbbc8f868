// The data model the engine evaluates: every value carries the JSON-pointer-like path it was found at
// and the line/column in its source file, so failure messages can point at the exact place.
// Glossary:
//   GValue   one value of the input document (or a literal of the rules file) with its path and location
//   path     `/Resources/Bucket/Properties/Tags/0`, the same shape cfn-guard prints
export type GKind = 'map' | 'list' | 'string' | 'int' | 'float' | 'bool' | 'null' | 'regex' | 'range' | 'char';

export interface Range {
  kind: 'int' | 'float' | 'char';
  lower: number | string;
  upper: number | string;
  lowerInclusive: boolean;
  upperInclusive: boolean;
}

interface Base {
  /** The engine's cached query result for this value (see query.ts `resolved`). */
  resolved?: { ok: true; v: GValue };
  path: string;
  /** 1-based line in the source; 0 for values computed by the engine or literals without a place. */
  line: number;
  column: number;
}

export type GValue =
  | (Base & { kind: 'map'; value: Map<string, GValue>; keyLocations?: Map<string, [number, number]> })
  | (Base & { kind: 'list'; value: GValue[] })
  | (Base & { kind: 'string'; value: string })
  | (Base & { kind: 'int'; value: number })
  | (Base & { kind: 'float'; value: number })
  | (Base & { kind: 'bool'; value: boolean })
  | (Base & { kind: 'null'; value: null })
  | (Base & { kind: 'regex'; value: string })
  | (Base & { kind: 'char'; value: string })
  | (Base & { kind: 'range'; value: Range });

/** Escapes a key for the path (`~` and `/` as in JSON pointer). */
export function pathKey(key: string | number): string {
  const k = String(key);
  return k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k;
}

export function childPath(parent: string, key: string | number): string {
  return `${parent}/${pathKey(key)}`;
}

/** Converts a plain JavaScript value (JSON.parse output, test inputs) to a GValue tree without locations. */
export function fromPlain(value: unknown, path = '', line = 0, column = 0): GValue {
  if (value === null || value === undefined) return { kind: 'null', value: null, path, line, column };
  if (typeof value === 'string') return { kind: 'string', value, path, line, column };
  if (typeof value === 'boolean') return { kind: 'bool', value, path, line, column };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { kind: 'int', value, path, line, column } : { kind: 'float', value, path, line, column };
  }
  if (typeof value === 'bigint') return { kind: 'int', value: Number(value), path, line, column };
  if (Array.isArray(value)) {
    return { kind: 'list', value: value.map((v, i) => fromPlain(v, childPath(path, i), line, column)), path, line, column };
  }
  if (value instanceof Map) {
    const map = new Map<string, GValue>();
    for (const [k, v] of value) map.set(String(k), fromPlain(v, childPath(path, String(k)), line, column));
    return { kind: 'map', value: map, path, line, column };
  }
  if (value instanceof Date) return { kind: 'string', value: value.toISOString(), path, line, column };
  const map = new Map<string, GValue>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) map.set(k, fromPlain(v, childPath(path, k), line, column));
  return { kind: 'map', value: map, path, line, column };
}

/** Converts a GValue back to plain JavaScript (for JSON output, rulegen and functions). */
export function toPlain(v: GValue): unknown {
  switch (v.kind) {
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.value) out[k] = toPlain(x);
      return out;
    }
    case 'list':
      return v.value.map(toPlain);
    case 'regex':
      return `/${v.value}/`;
    case 'range': {
      const r = v.value;
      return `r${r.lowerInclusive ? '[' : '('}${r.lower},${r.upper}${r.upperInclusive ? ']' : ')'}`;
    }
    default:
      return v.value;
  }
}

/** Short display of a value for messages (truncated so a huge map does not flood the terminal). */
export function display(v: GValue, max = 120): string {
  let text: string;
  switch (v.kind) {
    case 'string':
      text = JSON.stringify(v.value);
      break;
    case 'regex':
      text = `/${v.value}/`;
      break;
    case 'char':
      text = `'${v.value}'`;
      break;
    default:
      text = JSON.stringify(toPlain(v));
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function typeName(v: GValue): string {
  return v.kind === 'map' ? 'struct' : v.kind;
}

export function isScalar(v: GValue): boolean {
  return v.kind !== 'map' && v.kind !== 'list';
}
