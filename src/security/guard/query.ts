// Query resolution: walks a query's parts over the data and returns one result per selected value.
// A result is either a value, or "unresolved" — the walk stopped because a key, index or element was
// missing — which Guard treats as a FAIL for the clause that asked (a missing key is a failure).
import type { Conjunctions, CmpOp, Query, QueryPart, Rhs } from './ast.js';
import { equals, isIn, order } from './compare.js';
import { childPath, type GValue } from './values.js';

export type QueryResult =
  /** `literal`: the value is a literal of the rules file (directly, or through a `let`), not data. */
  | { ok: true; v: GValue; literal?: true }
  | { ok: false; at: GValue; path: string; reason: string };

export interface QueryHost {
  /** The values of a variable visible from this scope. */
  variable(name: string, loc: { line: number; column: number }): QueryResult[];
  /** Does `value` pass the filter clauses (with `capture` bound to its key)? */
  filterPasses(clauses: Conjunctions, value: GValue, capture: string | undefined, key: GValue): boolean;
  rhsValues(rhs: Rhs): QueryResult[];
  readonly self: GValue;
}

/**
 * The resolved result for a value, made once per value and reused: queries over a document run
 * thousands of times (every rule, every filter), and a fresh wrapper per step was a large share of
 * the garbage collector's work.
 */
export function resolved(v: GValue): QueryResult {
  return (v.resolved ??= { ok: true, v });
}

const unresolved = (at: GValue, missing: string | number, reason: string): QueryResult => ({
  ok: false,
  at,
  path: childPath(at.path, missing),
  reason,
});

function keyValue(key: string | number, owner: GValue): GValue {
  return typeof key === 'number'
    ? { kind: 'int', value: key, path: owner.path, line: owner.line, column: owner.column }
    : { kind: 'string', value: key, path: owner.path, line: owner.line, column: owner.column };
}

export function resolveQuery(query: Query, host: QueryHost): QueryResult[] {
  const [first, ...rest] = query.parts;
  let current: QueryResult[];
  let parts = rest;
  switch (first!.type) {
    case 'variable':
      current = host.variable(first!.name, first!.loc);
      // cfn-guard reads `%x[*]…` as `%x…`: a variable already is the list of its values.
      if (parts[0]?.type === 'all' && parts[0].bracket && !parts[0].capture) parts = parts.slice(1);
      break;
    case 'this':
      current = [resolved(host.self)];
      break;
    default:
      current = applyPart(first!, undefined, [resolved(host.self)], host);
  }
  let previous: QueryPart = first!;
  for (const part of parts) {
    current = applyPart(part, previous, current, host);
    previous = part;
  }
  return current;
}

function applyPart(part: QueryPart, previous: QueryPart | undefined, input: QueryResult[], host: QueryHost): QueryResult[] {
  const out: QueryResult[] = [];
  for (const r of input) {
    if (!r.ok) {
      out.push(r);
      continue;
    }
    const v = r.v;
    switch (part.type) {
      case 'key':
        out.push(key(v, part.name));
        break;
      case 'interpolate':
        for (const k of host.variable(part.name, part.loc)) {
          if (!k.ok) out.push(k);
          else if (k.v.kind === 'string') out.push(key(v, k.v.value));
          else if (k.v.kind === 'list') {
            for (const item of k.v.value) if (item.kind === 'string') out.push(key(v, item.value));
          } else out.push(unresolved(v, '%' + part.name, `%${part.name} holds a ${k.v.kind}, not a string usable as a key`));
        }
        break;
      case 'variable':
        out.push(...host.variable(part.name, part.loc));
        break;
      case 'this':
        out.push(r);
        break;
      case 'all':
        if (v.kind === 'list') {
          // cfn-guard: traversing the elements of an empty list is a retrieval error.
          if (v.value.length === 0) out.push(unresolved(v, '*', `${v.path || '/'} is an empty list`));
          for (const x of v.value) out.push(resolved(x));
        } else if (v.kind === 'map' && (!part.bracket || part.capture)) {
          if (v.value.size === 0) out.push(unresolved(v, '*', `${v.path || '/'} is an empty struct`));
          for (const x of v.value.values()) out.push(resolved(x));
        } else out.push(r); // `[*]` on a struct or a single value, `.*` on a single value: the value itself
        break;
      case 'index': {
        if (v.kind !== 'list') {
          out.push(unresolved(v, part.index, `${v.path || '/'} is a ${v.kind}, not a list, so index ${part.index} does not exist`));
          break;
        }
        const i = part.index < 0 ? v.value.length + part.index : part.index;
        const x = v.value[i];
        out.push(x ? resolved(x) : unresolved(v, part.index, `index ${part.index} is out of range for the list at ${v.path || '/'} (length ${v.value.length})`));
        break;
      }
      case 'filter': {
        if (v.kind === 'list') {
          v.value.forEach((x, i) => {
            if (host.filterPasses(part.clauses, x, part.capture, keyValue(i, x))) out.push(resolved(x));
          });
        } else if (v.kind === 'map' && previous?.type === 'key') {
          // A struct reached by a key (`Resources[ … ]`): the filter selects among its values.
          for (const [k, x] of v.value) if (host.filterPasses(part.clauses, x, part.capture, keyValue(k, x))) out.push(resolved(x));
        } else if (v.kind === 'map' || previous?.type === 'all' || previous?.type === 'variable' || previous?.type === 'this' || previous === undefined) {
          const name = v.path.slice(v.path.lastIndexOf('/') + 1);
          if (host.filterPasses(part.clauses, v, part.capture, keyValue(name, v))) out.push(r);
        } else out.push(unresolved(v, '[…]', `a filter needs a struct or a list, found a ${v.kind} at ${v.path || '/'}`));
        break;
      }
      case 'keys': {
        if (v.kind !== 'map') {
          out.push(unresolved(v, 'keys', `a keys filter needs a struct, found a ${v.kind} at ${v.path || '/'}`));
          break;
        }
        const rhs = host.rhsValues(part.rhs).filter((x) => x.ok).map((x) => (x as { v: GValue }).v);
        for (const [k, x] of v.value) {
          const kv = keyValue(k, x);
          if (rhs.some((target) => keyMatches(part.op, kv, target))) out.push(resolved(x));
        }
        break;
      }
    }
  }
  return out;
}

function keyMatches(op: CmpOp, key: GValue, target: GValue): boolean {
  switch (op) {
    case 'eq':
      return target.kind === 'list' ? target.value.some((t) => equals(key, t)) : equals(key, target);
    case 'ne':
      return !equals(key, target);
    case 'in':
      return isIn(key, target);
    case 'not_in':
      return !isIn(key, target);
    default:
      try {
        const o = order(key, target);
        return op === 'lt' ? o < 0 : op === 'le' ? o <= 0 : op === 'gt' ? o > 0 : o >= 0;
      } catch {
        return false;
      }
  }
}

function key(v: GValue, name: string): QueryResult {
  if (v.kind !== 'map') return unresolved(v, name, `${v.path || '/'} is a ${v.kind === 'list' ? 'list' : v.kind}, not a struct, so it has no key '${name}'`);
  const x = lookupKey(v.value, name);
  return x ? resolved(x) : unresolved(v, name, `no key '${name}' in the struct at ${v.path || '/'}`);
}

/**
 * cfn-guard retries a missing key in other case conventions (camelCase, PascalCase, kebab-case,
 * snake_case, Title Case, Train-Case), so `configuration.ipPermissions` also finds `IpPermissions`.
 */
const variantCache = new Map<string, string[]>();

function keyVariants(name: string): string[] {
  let variants = variantCache.get(name);
  if (variants) return variants;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  variants = words.length
    ? [
        words[0] + words.slice(1).map(cap).join(''),
        words.map(cap).join(''),
        words.join('-'),
        words.join('_'),
        words.map(cap).join(' '),
        words.map(cap).join('-'),
      ].filter((v, i, all) => v !== name && all.indexOf(v) === i)
    : [];
  if (variantCache.size > 10_000) variantCache.clear();
  variantCache.set(name, variants);
  return variants;
}

/** A key lookup as cfn-guard does it: the exact key, else the same words in another case convention. */
export function lookupKey(map: Map<string, GValue>, name: string): GValue | undefined {
  const x = map.get(name);
  if (x) return x;
  for (const candidate of keyVariants(name)) {
    const y = map.get(candidate);
    if (y) return y;
  }
  return undefined;
}
