// Evaluation of property values that may contain intrinsic functions (CloudFormation) or
// interpolations (Terraform). A value evaluates to its *possible* values: one per branch of each
// `Fn::If`, and UNKNOWN where nothing can be known before deployment. Rules fail only on concrete
// values, so intrinsics never cause false positives.
import { UNKNOWN, type Position } from './model.js';

export interface Evaluator {
  /** The possible values of one node (not recursive into its children). */
  possible(value: unknown): unknown[];
  /** Called when `key` is missing from `object`: UNKNOWN when it may be generated (Terraform `dynamic`). */
  missing?(object: Record<string, unknown>, key: string): unknown;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `object[key]` for maps indexed by names that come from scanned files or specs. A plain `obj[key]` or
 * `key in obj` also sees Object.prototype members, so a property, resource or variable named
 * `constructor`, `toString`, `valueOf` or `__proto__` would resolve to a function and crash or mislead.
 */
export function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/**
 * All possible values at a dotted path. `*` steps into every item of a list (or every value of a map).
 * Numeric steps index lists. A missing key yields `undefined` (a concrete "not set").
 */
export function valuesAt(root: unknown, path: string, evaluator: Evaluator): unknown[] {
  const parts = path === '' ? [] : path.split('.');
  const out: unknown[] = [];
  const walk = (value: unknown, i: number, depth: number): void => {
    if (depth > 64) return void out.push(UNKNOWN);
    for (const v of evaluator.possible(value)) {
      if (i === parts.length) {
        out.push(v);
        continue;
      }
      if (v === UNKNOWN) {
        out.push(UNKNOWN);
        continue;
      }
      const part = parts[i];
      if (part === '*') {
        if (Array.isArray(v)) for (const item of v) walk(item, i + 1, depth + 1);
        else if (isObject(v)) for (const item of Object.values(v)) walk(item, i + 1, depth + 1);
        else if (v !== undefined && v !== null) walk(v, i + 1, depth + 1); // a scalar where a list is allowed
        continue;
      }
      if (Array.isArray(v)) {
        const index = Number(part);
        if (Number.isInteger(index)) walk(v[index], i + 1, depth + 1);
        else out.push(undefined);
      } else if (isObject(v)) {
        if (Object.hasOwn(v, part)) walk(v[part], i + 1, depth + 1);
        else out.push(evaluator.missing ? evaluator.missing(v, part) : undefined);
      } else out.push(undefined);
    }
  };
  walk(root, 0, 0);
  return out;
}

// Tri-state helpers for checks: UNKNOWN is never a violation.
export const known = (values: unknown[]): unknown[] => values.filter((v) => v !== UNKNOWN);
export const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
export const isFalse = (v: unknown): boolean => v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
/** Some concrete possibility is not `true` (absent counts as not true). */
export const notAlwaysTrue = (values: unknown[]): boolean => known(values).some((v) => !isTrue(v));
/** Some concrete possibility is explicitly `true`. */
export const sometimesTrue = (values: unknown[]): boolean => known(values).some(isTrue);
/** Some concrete possibility is absent or null/empty. */
export const sometimesMissing = (values: unknown[]): boolean =>
  known(values).some((v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0));
export const asNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

export const nowhere: Position = { line: 0, column: 0 };
