// Normalises IAM policy documents (JSON or taken from CloudFormation) into Statements, refusing
// malformed ones with an error that names the statement and the field.
//
// Values CloudFormation computes at deploy time (`Fn::Sub`, `Ref`, `Fn::GetAtt`, …) are unknown here.
// To keep the checks sound they are widened or narrowed depending on which way is safe for the check:
// `wide` turns each unknown part into `*` (the statement may grant more), `narrow` drops the value
// (the statement is not relied on to grant or deny it).
import { InputError } from '../../kernel/errors.js';
import type { Condition, PatternSet, Statement } from './model.js';

export type Approximation = 'wide' | 'narrow';

export interface PolicySource {
  name: string;
  document: unknown;
}

/** Chooses how to approximate unknown values for a statement of this effect. */
export type ApproximationFor = (effect: 'Allow' | 'Deny') => Approximation;

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function stringValue(v: unknown, mode: Approximation): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (mode === 'narrow') return undefined;
    const sub = o['Fn::Sub'];
    if (typeof sub === 'string') return sub.replace(/\$\{[^}]*\}/g, '*');
    if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0].replace(/\$\{[^}]*\}/g, '*');
    const join = o['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map((x) => (typeof x === 'string' ? x : '*')).join(join[0]).replace(/\*+/g, '*');
    }
    return '*';
  }
  return undefined;
}

function patterns(values: unknown, mode: Approximation, where: string, field: string): string[] {
  const out: string[] = [];
  for (const v of asList(values)) {
    if (v === null || (typeof v === 'object' && !v)) throw new InputError(`${where}: ${field} holds an empty value`);
    const s = stringValue(v, mode);
    if (s !== undefined) out.push(s);
  }
  return out;
}

function patternSet(st: Record<string, unknown>, include: string, exclude: string, mode: Approximation, where: string, required: boolean): PatternSet | undefined {
  const has = st[include] !== undefined;
  const hasNot = st[exclude] !== undefined;
  if (has && hasNot) throw new InputError(`${where}: a statement has either ${include} or ${exclude}, not both`);
  if (!has && !hasNot) {
    if (required) throw new InputError(`${where}: the statement needs ${include} or ${exclude}`);
    return undefined;
  }
  // Excluded patterns are the opposite direction: widening the exclusion narrows the statement.
  const flip: Approximation = mode === 'wide' ? 'narrow' : 'wide';
  return has
    ? { mode: 'include', patterns: patterns(st[include], mode, where, include) }
    : { mode: 'exclude', patterns: patterns(st[exclude], flip, where, exclude) };
}

function principals(st: Record<string, unknown>, mode: Approximation, where: string): PatternSet | undefined {
  const read = (p: unknown): string[] => {
    if (p === '*') return ['*'];
    if (p && typeof p === 'object') return Object.values(p as Record<string, unknown>).flatMap((v) => patterns(v, mode, where, 'Principal'));
    throw new InputError(`${where}: Principal must be "*" or a map such as {"AWS": […]}`);
  };
  if (st.Principal !== undefined) return { mode: 'include', patterns: read(st.Principal) };
  if (st.NotPrincipal !== undefined) return { mode: 'exclude', patterns: read(st.NotPrincipal) };
  return undefined;
}

let unknowns = 0;
/** A computed condition value: equal to nothing else, so no condition is ever proved from it. */
const unknownValue = () => `\u0000computed-${++unknowns}`;

function conditions(c: unknown, where: string): Condition[] {
  if (c === undefined) return [];
  if (!c || typeof c !== 'object' || Array.isArray(c)) throw new InputError(`${where}: Condition must be a map of operator to {key: values}`);
  const out: Condition[] = [];
  for (const [operator, block] of Object.entries(c as Record<string, unknown>)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) throw new InputError(`${where}: Condition.${operator} must be a map of key to values`);
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      // Unknown (computed) condition values stay as a marker that matches nothing we can prove.
      out.push({ operator, key, values: asList(values).map((v) => (typeof v === 'object' && v !== null ? unknownValue() : stringValue(v, 'wide') ?? unknownValue())) });
    }
  }
  return out;
}

export function normalizePolicy(source: PolicySource, firstIndex: number, approximation: ApproximationFor): Statement[] {
  const doc = source.document;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError(`${source.name}: a policy document is a JSON object with a Statement`);
  const raw = (doc as Record<string, unknown>).Statement;
  if (raw === undefined) throw new InputError(`${source.name}: the policy has no Statement`);
  return asList(raw).map((s, i) => {
    const where = `${source.name}: Statement[${i}]`;
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw new InputError(`${where}: a statement must be an object`);
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new InputError(`${where}: Effect must be "Allow" or "Deny"`);
    const mode = approximation(st.Effect);
    return {
      index: firstIndex + i,
      localIndex: i,
      sid: typeof st.Sid === 'string' ? st.Sid : undefined,
      source: source.name,
      effect: st.Effect,
      actions: patternSet(st, 'Action', 'NotAction', mode, where, true)!,
      resources: patternSet(st, 'Resource', 'NotResource', mode, where, false) ?? { mode: 'include', patterns: ['*'] },
      principals: principals(st, mode, where),
      conditions: conditions(st.Condition, where),
    };
  });
}

export function normalizePolicies(sources: PolicySource[], approximation: ApproximationFor): Statement[] {
  const out: Statement[] = [];
  for (const s of sources) out.push(...normalizePolicy(s, out.length, approximation));
  return out;
}
