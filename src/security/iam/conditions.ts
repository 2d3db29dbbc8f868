// Condition implication: does a new statement's condition set guarantee an existing statement's
// condition? Only provable cases answer yes (same key, operator family and narrower values, numeric and
// date bounds, glob patterns, CIDR blocks); anything else — including operators this code does not know —
// answers no, which makes check-no-new-access FAIL rather than PASS wrongly. Identical conditions always
// imply each other, whatever the operator.
import { globMatch, subsumes } from './glob.js';
import type { Condition } from './model.js';

interface Parsed {
  qualifier: '' | 'forallvalues' | 'foranyvalue';
  base: string;
  ifExists: boolean;
}

function parseOperator(op: string): Parsed {
  let rest = op.toLowerCase();
  let qualifier: Parsed['qualifier'] = '';
  const m = /^(forallvalues|foranyvalue):(.*)$/.exec(rest);
  if (m) {
    qualifier = m[1] as Parsed['qualifier'];
    rest = m[2]!;
  }
  const ifExists = rest.endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  return { qualifier, base: rest, ifExists };
}

const equalityOps = new Set(['stringequals', 'arnequals', 'bool', 'numericequals', 'dateequals', 'binaryequals', 'stringequalsignorecase', 'null']);
const likeOps = new Set(['stringlike', 'arnlike']);
const negativeOps = new Set(['stringnotequals', 'stringnotequalsignorecase', 'arnnotequals', 'numericnotequals', 'datenotequals']);
const notLikeOps = new Set(['stringnotlike', 'arnnotlike']);
const boundOps = /^(numeric|date)(lessthan|lessthanequals|greaterthan|greaterthanequals|equals)$/;

const sameKey = (a: Condition, b: Condition) => a.key.toLowerCase() === b.key.toLowerCase();
const norm = (base: string, v: string) => (base.endsWith('ignorecase') || base === 'bool' ? v.toLowerCase() : v);

function identical(a: Condition, b: Condition): boolean {
  if (a.operator.toLowerCase() !== b.operator.toLowerCase() || !sameKey(a, b)) return false;
  const x = [...a.values].sort();
  const y = [...b.values].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function ipv4(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return undefined;
  const ip = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return [ip - (ip % size), size];
}

function cidrWithin(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  const a = ipv4(inner);
  const b = ipv4(outer);
  return !!a && !!b && a[0] >= b[0] && a[0] + a[1] <= b[0] + b[1];
}

/** The set of numbers (or dates) a bound condition allows, as an interval. */
function interval(base: string, values: string[]): { lo: number; loOpen: boolean; hi: number; hiOpen: boolean } | undefined {
  const m = boundOps.exec(base);
  if (!m || !values.length) return undefined;
  const nums = values.map((v) => (m[1] === 'date' ? (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v)) : Number(v)));
  if (nums.some((n) => Number.isNaN(n))) return undefined;
  const max = Math.max(...nums);
  const min = Math.min(...nums);
  switch (m[2]) {
    case 'lessthan': return { lo: -Infinity, loOpen: true, hi: max, hiOpen: true };
    case 'lessthanequals': return { lo: -Infinity, loOpen: true, hi: max, hiOpen: false };
    case 'greaterthan': return { lo: min, loOpen: true, hi: Infinity, hiOpen: true };
    case 'greaterthanequals': return { lo: min, loOpen: false, hi: Infinity, hiOpen: true };
    default: return nums.length === 1 ? { lo: min, loOpen: false, hi: max, hiOpen: false } : undefined;
  }
}

function within(a: NonNullable<ReturnType<typeof interval>>, b: NonNullable<ReturnType<typeof interval>>): boolean {
  const loOk = a.lo > b.lo || (a.lo === b.lo && (!b.loOpen || a.loOpen));
  const hiOk = a.hi < b.hi || (a.hi === b.hi && (!b.hiOpen || a.hiOpen));
  return loOk && hiOk;
}

/** True when condition `n` (of the new statement) guarantees condition `e` (of the existing one). */
export function conditionImplies(n: Condition, e: Condition): boolean {
  if (identical(n, e)) return true;
  if (!sameKey(n, e)) return false;
  const pn = parseOperator(n.operator);
  const pe = parseOperator(e.operator);
  if (pn.qualifier !== pe.qualifier) return false;
  if (pn.ifExists && !pe.ifExists) return false; // n lets an absent key through; e does not
  const nv = n.values.map((v) => norm(pn.base, v));
  const ev = e.values.map((v) => norm(pe.base, v));
  // ForAllValues narrows by shrinking the allowed set; ForAnyValue and single-valued keys likewise.
  if (equalityOps.has(pe.base)) {
    if (pn.base === pe.base) return nv.every((v) => ev.includes(v));
    if (pe.base === 'stringequalsignorecase' && (pn.base === 'stringequals' || pn.base === 'arnequals')) return nv.every((v) => ev.includes(v.toLowerCase()));
  }
  if (likeOps.has(pe.base) && (likeOps.has(pn.base) || pn.base === 'stringequals' || pn.base === 'arnequals')) {
    return nv.every((v) => ev.some((p) => (likeOps.has(pn.base) ? subsumes(p, v) : globMatch(p, v))));
  }
  if (pe.base === 'ipaddress' && pn.base === 'ipaddress') return nv.every((v) => ev.some((o) => cidrWithin(v, o)));
  if (pe.base === 'notipaddress' && pn.base === 'notipaddress') return ev.every((v) => nv.some((o) => cidrWithin(v, o)));
  if (pe.base === 'notipaddress' && pn.base === 'ipaddress') return nv.every((v) => ev.every((x) => !ipOverlap(v, x)));
  if (pn.qualifier === '') {
    if (negativeOps.has(pe.base)) {
      if (pn.base === pe.base) return ev.every((v) => nv.includes(v));
      // n pins the key to values none of which e excludes.
      if (pe.base.replace('not', '') === pn.base) return nv.every((v) => !ev.includes(v));
    }
    if (notLikeOps.has(pe.base)) {
      if (pn.base === pe.base) return ev.every((p) => nv.some((q) => subsumes(q, p)));
      if (pn.base === 'stringequals' || pn.base === 'arnequals') return nv.every((v) => ev.every((p) => !globMatch(p, v)));
    }
    const ie = interval(pe.base, ev);
    const inn = interval(pn.base, nv);
    if (ie && inn && pe.base.slice(0, 4) === pn.base.slice(0, 4)) return within(inn, ie);
  }
  return false;
}

function ipOverlap(a: string, b: string): boolean {
  const x = ipv4(a);
  const y = ipv4(b);
  if (!x || !y) return true;
  return x[0] < y[0] + y[1] && y[0] < x[0] + x[1];
}

/** The first condition of `existing` that no condition of `added` guarantees (undefined: all are guaranteed). */
export function unprovenCondition(added: Condition[], existing: Condition[]): Condition | undefined {
  return existing.find((e) => !added.some((n) => conditionImplies(n, e)));
}
