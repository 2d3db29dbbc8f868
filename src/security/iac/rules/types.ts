// A security rule is data (its metadata and examples) plus small check functions, one per language.
import type { RuleMeta, Violation } from '../model.js';
import type { Check, ResourceView } from '../resource.js';
import type { K8sObject } from '../parse/kubernetes.js';
import type { Dockerfile } from '../parse/dockerfile.js';
import { notAlwaysTrue } from '../evaluate.js';
import { UNKNOWN } from '../model.js';

export interface IacRule extends RuleMeta {
  cfn?: { types: string[]; check: Check };
  tf?: { types: string[]; check: Check };
  k8s?: (object: K8sObject) => Violation[];
  docker?: (file: Dockerfile) => Violation[];
}

export const fsbp = (...ids: string[]): string[] => ids.map((id) => `[${id}] AWS Foundational Security Best Practices`);

export function at(resource: ResourceView, path: string, message: string): Violation {
  return { message, path, position: resource.where(path) };
}

/** A check that a boolean property is (always) true. */
export function mustBeTrue(path: string, message: string): Check {
  return (r) => (notAlwaysTrue(r.get(path)) ? [at(r, path, message)] : []);
}

/** A check that a property is set (to anything that isn't empty). */
export function mustBeSet(path: string, message: string): Check {
  return (r) => (r.get(path).some((v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) ? [at(r, path, message)] : []);
}

/** Terraform split resources (aws_s3_bucket_versioning …) that point at `r` through `path`. */
export function companions(r: ResourceView, type: string, path = 'bucket'): ResourceView[] {
  return r.others(type).filter((o) => o.refersTo(path, r));
}

/** Concrete value is bad → violation. UNKNOWN values never reach the predicate. */
export type BadValue = (value: unknown) => boolean;
export const notTrue: BadValue = (v) => !(v === true || (typeof v === 'string' && v.toLowerCase() === 'true'));
export const isSetTrue: BadValue = (v) => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
export const missing: BadValue = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
export const oneOf = (...bad: unknown[]): BadValue => (v) => bad.includes(v);
export const notOneOf = (...good: unknown[]): BadValue => (v) => !good.includes(v);

/** One property check: types, dotted path, what makes a concrete value bad, and what to say. */
export interface PropertyCheck {
  types: string[];
  path: string;
  bad: BadValue;
  message: string;
  /** Skip resources for which this returns false (e.g. Aurora instances for instance-level checks). */
  when?: (r: ResourceView) => boolean;
}

export function propertyCheck(spec: PropertyCheck): { types: string[]; check: Check } {
  return {
    types: spec.types,
    check: (r) => {
      if (spec.when && !spec.when(r)) return [];
      return r.get(spec.path).some((v) => v !== UNKNOWN && spec.bad(v)) ? [at(r, spec.path, `${r.name}: ${spec.message}`)] : [];
    },
  };
}
