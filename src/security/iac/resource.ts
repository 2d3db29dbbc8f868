// The view of one resource that every security rule sees, whatever language it was written in.
import type { Position, Violation } from './model.js';

export interface Suppressions {
  /** Rule id (Paved or an equivalent checkov/cfn_nag id) → reason ('' when none was given). */
  byId: Map<string, { reason: string; source: string; position: Position }>;
}

export interface ResourceView {
  /** Logical id (CloudFormation) or address (Terraform). */
  name: string;
  type: string;
  /** The raw properties (CloudFormation `Properties`, Terraform block body). */
  props: Record<string, unknown>;
  /** Possible values at a dotted path (see evaluate.ts). */
  get(path: string): unknown[];
  /** Possible values at `path` inside an arbitrary value taken from this resource (policy documents). */
  within(value: unknown, path: string): unknown[];
  /** Where the deepest existing part of `path` is (the resource itself for ''). */
  where(path?: string): Position;
  /** Other resources of a type in the same template or Terraform module. */
  others(type: string): ResourceView[];
  /** True when the raw value at `path` of this resource refers to `target` (Ref/GetAtt/Sub or `type.name.attr`). */
  refersTo(path: string, target: ResourceView): boolean;
  suppressions: Suppressions;
}

export type Check = (resource: ResourceView) => Violation[];
