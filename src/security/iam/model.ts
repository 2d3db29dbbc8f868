// IAM policy model for the custom policy checks.
// Glossary:
//   statement   one Allow/Deny entry, normalised: Action or NotAction, Resource or NotResource, conditions
//   PatternSet  the actions (or resources) a statement applies to: the listed patterns, or all but them
//   source      where the statement came from: a file, or a CloudFormation resource and its policy name
export interface PatternSet {
  /** `include`: the patterns; `exclude`: everything except the patterns (NotAction / NotResource). */
  mode: 'include' | 'exclude';
  patterns: string[];
}

export interface Condition {
  /** Operator as written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`. */
  operator: string;
  key: string;
  values: string[];
}

export interface Statement {
  /** Index across all statements of the checked policy set (what `statementIndex` reports). */
  index: number;
  /** Index within its own policy document. */
  localIndex: number;
  sid?: string;
  source: string;
  effect: 'Allow' | 'Deny';
  actions: PatternSet;
  resources: PatternSet;
  /** Present for resource policies; `*` entries mean anyone. */
  principals?: PatternSet;
  conditions: Condition[];
}

export interface CheckReason {
  description: string;
  statementIndex: number;
  /** Where the statement is: the file, or `Resource/PolicyName` in a template. */
  policy?: string;
}

export interface CheckResult {
  result: 'PASS' | 'FAIL';
  message: string;
  reasons: CheckReason[];
}
