// Comparison of query results with right-hand values, compiled filters and shared root queries:
// the hot paths of evaluation, kept free of evaluator state.
import type { Conjunctions, Query } from './ast.js';
import { equals, inRange, isIn, order } from './compare.js';
import { literalValue } from './literals.js';
import { lookupKey, resolveQuery, type QueryHost, type QueryResult } from './query.js';
import type { GValue } from './values.js';

/**
 * Compares one left-hand value with the right-hand values: one [result, value] per comparison made.
 * A list compared with a single value is compared element by element (cfn-guard's fallback); `IN`
 * pools all right-hand values into one list. Throws NotComparable for ordering across types.
 */
export function compareValue(op: string, v: GValue, rhsValues: GValue[], rhsIsLiteral: boolean): Array<[boolean, GValue]> {
  if (op === 'in' || op === 'not_in') {
    const pool: GValue[] = [];
    for (const r of rhsValues) if (r.kind === 'list') pool.push(...r.value);
    else pool.push(r);
    const list: GValue = { kind: 'list', value: pool, path: '', line: 0, column: 0 };
    let member = isIn(v, list);
    // A list on the left is IN when each of its elements is (an empty list trivially is).
    if (!member && v.kind === 'list') member = v.value.every((x) => isIn(x, list));
    return [[op === 'in' ? member : !member, v]];
  }
  const out: Array<[boolean, GValue]> = [];
  if (op !== 'eq' && op !== 'ne') {
    // Ordering flattens lists on both sides and compares every pair (cfn-guard's common operator).
    const left = v.kind === 'list' ? v.value : [v];
    const right = rhsValues.flatMap((r) => (r.kind === 'list' ? r.value : [r]));
    for (const x of left) for (const r of right) out.push([compareOne(op, x, r), x]);
    return out;
  }
  for (const r of rhsValues) {
    const rr = rhsIsLiteral && r.kind === 'list' && r.value.length === 1 && v.kind !== 'list' ? r.value[0]! : r;
    if (v.kind === 'list' && rr.kind !== 'list' && rr.kind !== 'range') {
      if (v.value.length === 0) out.push([compareOne(op, v, rr), v]);
      for (const x of v.value) out.push([compareOne(op, x, rr), x]);
    } else out.push([compareOne(op, v, rr), v]);
  }
  return out;
}

/**
 * Queries from the document root made only of keys, wildcards, indexes and compiled filters depend on
 * nothing but the document, so their results are shared by every rules file evaluated against it
 * (a pack repeats `Resources.*[ Type == 'AWS::S3::Bucket' ]` in many files).
 */
const pureQueries = new WeakMap<Query, boolean>();
export function isPure(q: Query): boolean {
  let p = pureQueries.get(q);
  if (p === undefined) {
    p = q.parts.every((part) => part.type === 'key' || part.type === 'index' || (part.type === 'all' && !part.capture) || (part.type === 'filter' && !part.capture && !!simpleFilter(part.clauses)));
    pureQueries.set(q, p);
  }
  return p;
}
const sharedResults = new WeakMap<GValue, Map<string, QueryResult[]>>();
export function sharedQuery(root: GValue, q: Query, host: QueryHost): QueryResult[] {
  let m = sharedResults.get(root);
  if (!m) sharedResults.set(root, (m = new Map()));
  let r = m.get(q.text);
  if (!r) m.set(q.text, (r = resolveQuery(q, host)));
  return r;
}

type Predicate = (v: GValue) => boolean;
const simpleFilters = new WeakMap<Conjunctions, Predicate | null>();

/**
 * Filters like `[ Type == 'AWS::S3::Bucket' ]` run once per resource per rule, so clauses of the form
 * `Key <op> literal` (ANDed, no `or`, no negation) are compiled to a direct check. It gives the same
 * answer as the general path: a missing key or a non-struct value does not pass.
 */
export function simpleFilter(conj: Conjunctions): Predicate | undefined {
  let p = simpleFilters.get(conj);
  if (p === undefined) {
    const checks: Array<{ key: string; op: string; rhs: GValue[] }> = [];
    for (const d of conj) {
      const c = d.length === 1 ? d[0]! : undefined;
      if (!c || c.type !== 'access' || c.negated || c.op.kind !== 'binary' || c.op.rhs.type !== 'literal' || !c.query.matchAll) break;
      const part = c.query.parts.length === 1 ? c.query.parts[0]! : undefined;
      if (!part || part.type !== 'key' || c.op.rhs.value.type === 'regex' || c.op.rhs.value.type === 'map') break;
      checks.push({ key: part.name, op: c.op.op, rhs: [literalValue(c.op.rhs.value)] });
    }
    p =
      checks.length === conj.length && checks.length > 0
        ? (v: GValue) => {
            if (v.kind !== 'map') return false;
            for (const ch of checks) {
              const x = lookupKey(v.value, ch.key);
              if (!x) return false;
              try {
                for (const [ok] of compareValue(ch.op, x, ch.rhs, true)) if (!ok) return false;
              } catch {
                return false;
              }
            }
            return true;
          }
        : null;
    simpleFilters.set(conj, p);
  }
  return p ?? undefined;
}

function compareOne(op: string, a: GValue, b: GValue): boolean {
  switch (op) {
    case 'eq':
      return b.kind === 'range' ? inRange(a, b.value) : equals(a, b);
    case 'ne':
      return b.kind === 'range' ? !inRange(a, b.value) : !equals(a, b);
    case 'lt':
      return order(a, b) < 0;
    case 'le':
      return order(a, b) <= 0;
    case 'gt':
      return order(a, b) > 0;
    default:
      return order(a, b) >= 0;
  }
}
