// IAM policy documents, wherever they appear (inline, managed, bucket/key/queue policies; Terraform
// JSON strings, jsonencode() and aws_iam_policy_document data sources), as evaluated statements.
import { UNKNOWN } from '../model.js';
import { isObject } from '../evaluate.js';
import type { ResourceView } from '../resource.js';

export interface Statement {
  effect: unknown[];
  /** Concrete action strings (lower-cased); unknown entries are dropped. */
  actions: string[];
  notAction: boolean;
  /** Concrete resource strings; UNKNOWN kept as UNKNOWN. */
  resources: unknown[];
  /** Principal strings (`*` for `"*"` or `{AWS: "*"}`), UNKNOWN kept. */
  principals: unknown[];
  hasPrincipal: boolean;
  hasCondition: boolean;
  /** The path of the policy document inside the resource, for positions. */
  path: string;
  raw: Record<string, unknown>;
}

export function statementsAt(r: ResourceView, docPath: string): Statement[] {
  const out: Statement[] = [];
  for (let doc of r.get(docPath)) {
    if (doc === UNKNOWN || doc === undefined || doc === null) continue;
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc);
      } catch {
        continue; // not JSON we can read: unknown, never a finding
      }
    }
    if (!isObject(doc)) continue;
    for (const st of r.within(doc, 'Statement.*')) {
      if (!isObject(st)) continue;
      const strings = (path: string) => r.within(st, path).filter((v) => v !== undefined && v !== null);
      const actionKey = 'Action' in st ? 'Action' : 'NotAction';
      out.push({
        effect: r.within(st, 'Effect'),
        actions: strings(`${actionKey}.*`).filter((v): v is string => typeof v === 'string').map((a) => a.toLowerCase()),
        notAction: actionKey === 'NotAction',
        resources: strings('Resource.*'),
        principals: 'Principal' in st ? principalStrings(r, st.Principal) : [],
        hasPrincipal: 'Principal' in st,
        hasCondition: isObject(st.Condition) && Object.keys(st.Condition).length > 0,
        path: docPath,
        raw: st,
      });
    }
  }
  return out;
}

function principalStrings(r: ResourceView, principal: unknown): unknown[] {
  const out: unknown[] = [];
  for (const p of r.within(principal, '')) {
    if (typeof p === 'string' || p === UNKNOWN) out.push(p);
    else if (isObject(p)) for (const v of r.within(p, '*.*')) out.push(v);
  }
  return out;
}

export const isAllow = (s: Statement): boolean => s.effect.some((e) => e === 'Allow');
export const anyResource = (s: Statement): boolean => s.resources.some((x) => x === '*');
export const anyPrincipal = (s: Statement): boolean => s.principals.some((x) => x === '*');

/** Does an action pattern from a policy (may contain * and ?) grant `action`? Both lower-case. */
export function grants(pattern: string, action: string): boolean {
  if (pattern === '*' || pattern === action) return true;
  if (!/[*?]/.test(pattern)) return false;
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(action);
}

export const grantsAny = (patterns: string[], action: string): boolean => patterns.some((p) => grants(p, action.toLowerCase()));

/** Policy documents per resource type, for the IAM rules. */
export const cfnPolicyPaths: Record<string, string[]> = {
  'AWS::IAM::Policy': ['PolicyDocument'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument'],
  'AWS::IAM::Role': ['Policies.*.PolicyDocument'],
  'AWS::IAM::User': ['Policies.*.PolicyDocument'],
  'AWS::IAM::Group': ['Policies.*.PolicyDocument'],
};
export const tfPolicyPaths: Record<string, string[]> = {
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_iam_role: ['inline_policy.*.policy'],
};

export function identityStatements(r: ResourceView, table: Record<string, string[]>): Statement[] {
  // r.type comes from the scanned file: a type named `constructor` must not find Object.prototype's.
  return (Object.hasOwn(table, r.type) ? table[r.type] : []).flatMap((p) => statementsAt(r, p));
}
