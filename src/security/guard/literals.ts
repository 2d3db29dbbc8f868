// Literal values of a rules file as GValues, converted once per literal node.
import type { Literal } from './ast.js';
import type { QueryResult } from './query.js';
import type { GValue } from './values.js';

const literalResultCache = new WeakMap<Literal, QueryResult[]>();
export function literalResults(lit: Literal): QueryResult[] {
  let r = literalResultCache.get(lit);
  if (!r) literalResultCache.set(lit, (r = [{ ok: true, v: literalValue(lit), literal: true }]));
  return r;
}

const literalCache = new WeakMap<Literal, GValue>();
export function literalValue(lit: Literal): GValue {
  let v = literalCache.get(lit);
  if (v) return v;
  const base = { path: '', line: 0, column: 0 };
  switch (lit.type) {
    case 'list':
      v = { ...base, kind: 'list', value: lit.items.map(literalValue) };
      break;
    case 'map':
      v = { ...base, kind: 'map', value: new Map(lit.entries.map(([k, x]) => [k, literalValue(x)])) };
      break;
    case 'range':
      v = { ...base, kind: 'range', value: { kind: lit.kind, lower: lit.lower, upper: lit.upper, lowerInclusive: lit.lowerInclusive, upperInclusive: lit.upperInclusive } };
      break;
    case 'null':
      v = { ...base, kind: 'null', value: null };
      break;
    default:
      v = { ...base, kind: lit.type, value: lit.value } as GValue;
  }
  literalCache.set(lit, v);
  return v;
}
