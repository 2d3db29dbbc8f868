// What evaluation produces: statuses, failure records, and the error for rules that cannot run.
import type { Loc } from './ast.js';

export type Status = 'PASS' | 'FAIL' | 'SKIP';

export interface Failure {
  rule: string;
  /** The clause as written, e.g. `Properties.BucketEncryption exists`. */
  clause: string;
  /** Where the clause is in the rules file. */
  clauseLine: number;
  clauseColumn: number;
  /** Path of the value in the data (`/Resources/Bucket/Properties/BucketEncryption`). */
  path: string;
  /** Where the value (or, when missing, its nearest parent) is in the data file; 0 when unknown. */
  line: number;
  column: number;
  expected: string;
  found: string;
  message?: string;
}

export interface RuleResult {
  name: string;
  status: Status;
  failures: Failure[];
}

export class GuardEvalError extends Error {
  constructor(
    readonly file: string,
    readonly loc: Loc,
    readonly reason: string,
  ) {
    super(`${file}:${loc.line}:${loc.column}: ${reason}`);
  }
}

export interface Res {
  s: Status;
  f: Failure[];
}
export const none: Failure[] = [];
export const PASS: Res = { s: 'PASS', f: none };
export const SKIP: Res = { s: 'SKIP', f: none };
export const QUIET_FAIL: Res = { s: 'FAIL', f: none };
export const maxCallDepth = 64;

