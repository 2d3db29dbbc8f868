// Reads the policies to check from a file: a policy document (JSON or YAML), or a CloudFormation
// template, from which every identity policy is taken — AWS::IAM::Policy and ::ManagedPolicy
// (PolicyDocument) and the inline Policies of ::Role, ::User and ::Group — each named `Resource/PolicyName`.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../../kernel/errors.js';
import { DataParseError, parseData } from '../guard/data.js';
import { toPlain } from '../guard/values.js';
import type { PolicySource } from './policy.js';

export function policiesFromDocument(value: unknown, name: string, onlyResource?: string): PolicySource[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${name}: expected a policy document or a CloudFormation template (a JSON/YAML object)`);
  const doc = value as Record<string, unknown>;
  if (doc.Statement !== undefined) return [{ name, document: doc }];
  if (doc.PolicyDocument !== undefined) return [{ name, document: doc.PolicyDocument }];
  const resources = doc.Resources;
  if (!resources || typeof resources !== 'object') throw new InputError(`${name}: neither a policy document (Statement) nor a template (Resources)`);
  const out: PolicySource[] = [];
  for (const [id, r] of Object.entries(resources as Record<string, unknown>)) {
    if (onlyResource && id !== onlyResource) continue;
    const res = r as { Type?: unknown; Properties?: Record<string, unknown> } | null;
    const type = res?.Type;
    const props = res?.Properties ?? {};
    if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') {
      const pname = typeof props.PolicyName === 'string' ? props.PolicyName : typeof props.ManagedPolicyName === 'string' ? props.ManagedPolicyName : 'PolicyDocument';
      if (props.PolicyDocument !== undefined) out.push({ name: `${id}/${pname}`, document: props.PolicyDocument });
    } else if (type === 'AWS::IAM::Role' || type === 'AWS::IAM::User' || type === 'AWS::IAM::Group') {
      const inline = Array.isArray(props.Policies) ? props.Policies : [];
      inline.forEach((p: unknown, i: number) => {
        const pol = p as { PolicyName?: unknown; PolicyDocument?: unknown };
        if (pol?.PolicyDocument !== undefined) out.push({ name: `${id}/${typeof pol.PolicyName === 'string' ? pol.PolicyName : `Policies[${i}]`}`, document: pol.PolicyDocument });
      });
    }
  }
  if (onlyResource && !out.length) throw new InputError(`${name}: no IAM policy found in resource ${onlyResource}`);
  if (!out.length) throw new InputError(`${name}: the template has no IAM policies (AWS::IAM::Policy, ManagedPolicy, or inline Policies of Role/User/Group)`);
  return out;
}

export async function loadPolicies(path: string, onlyResource?: string): Promise<PolicySource[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`${path}: cannot read the file`);
  }
  let value: unknown;
  try {
    value = toPlain(parseData(text, basename(path)));
  } catch (error) {
    if (error instanceof DataParseError) throw new InputError(`${path}:${error.line}:${error.column}: ${error.reason}`);
    throw error;
  }
  return policiesFromDocument(value, basename(path), onlyResource);
}
