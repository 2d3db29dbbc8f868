// Guard's built-in functions (cfn-guard docs/FUNCTIONS.md). Functions are called in `let` assignments;
// each takes the values a query selected and returns new values, so `let n = count(Resources.*)`.
import { regexReplace } from './regex.js';
import { fromPlain, type GValue } from './values.js';

export class FunctionError extends Error {}

const str = (v: GValue | undefined, what: string): string => {
  if (!v || (v.kind !== 'string' && v.kind !== 'char')) throw new FunctionError(`${what} must be a string`);
  return v.value;
};
const int = (v: GValue | undefined, what: string): number => {
  if (!v || v.kind !== 'int') throw new FunctionError(`${what} must be an integer`);
  return v.value;
};
const derived = (from: GValue, value: unknown): GValue => fromPlain(value, from.path, from.line, from.column);

/** Each value of the first argument through `f`; values it cannot convert are dropped. */
function mapStrings(args: GValue[][], name: string, f: (s: string) => unknown): GValue[] {
  if (args.length !== 1) throw new FunctionError(`${name}() takes 1 argument, got ${args.length}`);
  const out: GValue[] = [];
  for (const v of args[0]!) {
    if (v.kind !== 'string' && v.kind !== 'char') continue;
    const r = f(v.value);
    if (r !== undefined) out.push(derived(v, r));
  }
  return out;
}

export const functionNames = [
  'count', 'json_parse', 'regex_replace', 'join', 'to_lower', 'to_upper', 'substring', 'url_decode',
  'parse_float', 'parse_int', 'parse_boolean', 'parse_string', 'parse_char', 'now', 'parse_epoch',
];

export function callFunction(name: string, args: GValue[][]): GValue[] {
  const lit = (value: unknown) => fromPlain(value);
  switch (name) {
    case 'count':
      if (args.length !== 1) throw new FunctionError(`count() takes 1 argument, got ${args.length}`);
      return [lit(args[0]!.length)];
    case 'json_parse':
      return mapStrings(args, name, (s) => {
        try {
          return JSON.parse(s);
        } catch (error) {
          throw new FunctionError(`json_parse(): not JSON: ${(error as Error).message}`);
        }
      });
    case 'regex_replace': {
      if (args.length !== 3) throw new FunctionError(`regex_replace() takes 3 arguments, got ${args.length}`);
      const pattern = str(args[1]![0], 'regex_replace() pattern');
      const replacement = str(args[2]![0], 'regex_replace() replacement');
      return mapStrings([args[0]!], name, (s) => regexReplace(s, pattern, replacement));
    }
    case 'join': {
      if (args.length !== 2) throw new FunctionError(`join() takes 2 arguments, got ${args.length}`);
      const delimiter = str(args[1]![0], 'join() delimiter');
      const parts: string[] = [];
      for (const v of args[0]!) {
        const items = v.kind === 'list' ? v.value : [v];
        for (const x of items) if (x.kind === 'string' || x.kind === 'char' || x.kind === 'int' || x.kind === 'float' || x.kind === 'bool') parts.push(String(x.value));
      }
      return [lit(parts.join(delimiter))];
    }
    case 'to_lower':
      return mapStrings(args, name, (s) => s.toLowerCase());
    case 'to_upper':
      return mapStrings(args, name, (s) => s.toUpperCase());
    case 'substring': {
      if (args.length !== 3) throw new FunctionError(`substring() takes 3 arguments, got ${args.length}`);
      const from = int(args[1]![0], 'substring() start');
      const to = int(args[2]![0], 'substring() end');
      return mapStrings([args[0]!], name, (s) => (from <= to && to <= s.length && from >= 0 ? s.slice(from, to) : undefined));
    }
    case 'url_decode':
      return mapStrings(args, name, (s) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return undefined;
        }
      });
    case 'parse_float':
    case 'parse_int':
    case 'parse_boolean':
    case 'parse_string':
    case 'parse_char': {
      if (args.length !== 1) throw new FunctionError(`${name}() takes 1 argument, got ${args.length}`);
      const out: GValue[] = [];
      for (const v of args[0]!) {
        const c = convert(name, v);
        if (c) out.push(c);
      }
      return out;
    }
    case 'now':
      if (args.length !== 0) throw new FunctionError(`now() takes no arguments`);
      return [lit(Math.floor(Date.now() / 1000))];
    case 'parse_epoch':
      return mapStrings(args, name, (s) => {
        const ms = Date.parse(s);
        return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
      });
    default:
      throw new FunctionError(`unknown function ${name}(); known: ${functionNames.join(', ')}`);
  }
}

function convert(name: string, v: GValue): GValue | undefined {
  const base = { path: v.path, line: v.line, column: v.column };
  const text = v.kind === 'string' || v.kind === 'char' ? v.value : undefined;
  switch (name) {
    case 'parse_float': {
      const n = v.kind === 'int' || v.kind === 'float' ? v.value : text !== undefined && text.trim() !== '' ? Number(text) : NaN;
      return Number.isNaN(n) ? undefined : { ...base, kind: 'float', value: n };
    }
    case 'parse_int': {
      if (v.kind === 'int') return v;
      if (v.kind === 'float') return { ...base, kind: 'int', value: Math.trunc(v.value) };
      return text !== undefined && /^\s*[-+]?\d+\s*$/.test(text) ? { ...base, kind: 'int', value: parseInt(text, 10) } : undefined;
    }
    case 'parse_boolean': {
      if (v.kind === 'bool') return v;
      const t = text?.toLowerCase();
      return t === 'true' || t === 'false' ? { ...base, kind: 'bool', value: t === 'true' } : undefined;
    }
    case 'parse_string':
      if (v.kind === 'map' || v.kind === 'list') return undefined;
      if (v.kind === 'string') return v;
      return { ...base, kind: 'string', value: v.kind === 'null' ? 'null' : String(v.value) };
    case 'parse_char':
      if (v.kind === 'int' && v.value >= 0 && v.value <= 9) return { ...base, kind: 'char', value: String(v.value) };
      if (text !== undefined && [...text].length === 1) return { ...base, kind: 'char', value: text };
      return undefined;
  }
  return undefined;
}
