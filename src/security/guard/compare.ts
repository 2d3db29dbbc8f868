// Value comparison with cfn-guard's rules:
// - `==` between values of different types is simply false (so `!=` is true: the documented gotcha
//   that `"22" != 22` PASSES), except int/float, which compare numerically, and string/regex, which match.
// - ordering (`<`, `>=`, …) is defined for numbers and strings only; anything else is "not comparable"
//   and the clause FAILS whatever its polarity.
// - `IN` against a list is membership by `==`; against a range, bounds check; against a string, substring.
import { regexMatches } from './regex.js';
import type { GValue } from './values.js';

export class NotComparable extends Error {}

export function equals(a: GValue, b: GValue): boolean {
  if (a.kind === 'string' && b.kind === 'regex') return regexMatches(b.value, a.value);
  if (a.kind === 'regex' && b.kind === 'string') return regexMatches(a.value, b.value);
  if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) return a.value === b.value;
  if (a.kind !== b.kind) {
    if (a.kind === 'char' && b.kind === 'string') return a.value === b.value;
    if (a.kind === 'string' && b.kind === 'char') return a.value === b.value;
    return false;
  }
  switch (a.kind) {
    case 'list': {
      const bl = (b as typeof a).value;
      if (a.value.length !== bl.length) return false;
      return a.value.every((x, i) => equals(x, bl[i]!));
    }
    case 'map': {
      const bm = (b as typeof a).value;
      if (a.value.size !== bm.size) return false;
      for (const [k, v] of a.value) {
        const other = bm.get(k);
        if (!other || !equals(v, other)) return false;
      }
      return true;
    }
    case 'range': {
      const r = (b as typeof a).value;
      return JSON.stringify(a.value) === JSON.stringify(r);
    }
    default:
      return a.value === (b as typeof a).value;
  }
}

/** -1, 0, 1; throws NotComparable for types without an order. */
export function order(a: GValue, b: GValue): number {
  const num = (v: GValue) => (v.kind === 'int' || v.kind === 'float' ? v.value : undefined);
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if ((a.kind === 'string' || a.kind === 'char') && (b.kind === 'string' || b.kind === 'char')) {
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  throw new NotComparable(`cannot order ${a.kind} against ${b.kind}`);
}

export function inRange(v: GValue, r: Extract<GValue, { kind: 'range' }>['value']): boolean {
  let x: number | string;
  if (r.kind === 'char') {
    if (v.kind !== 'string' && v.kind !== 'char') throw new NotComparable(`cannot test ${v.kind} against a character range`);
    x = v.value;
  } else {
    if (v.kind !== 'int' && v.kind !== 'float') throw new NotComparable(`cannot test ${v.kind} against a numeric range`);
    x = v.value;
  }
  const aboveLower = r.lowerInclusive ? x >= r.lower : x > r.lower;
  const belowUpper = r.upperInclusive ? x <= r.upper : x < r.upper;
  return aboveLower && belowUpper;
}

/** `lhs IN rhs`. */
export function isIn(lhs: GValue, rhs: GValue): boolean {
  if (rhs.kind === 'list') return rhs.value.some((item) => (item.kind === 'range' ? safeInRange(lhs, item.value) : equals(lhs, item)));
  if (rhs.kind === 'range') return inRange(lhs, rhs.value);
  if (lhs.kind === 'string' && rhs.kind === 'string') return rhs.value.includes(lhs.value);
  return equals(lhs, rhs);
}

function safeInRange(v: GValue, r: Extract<GValue, { kind: 'range' }>['value']): boolean {
  try {
    return inRange(v, r);
  } catch {
    return false;
  }
}
