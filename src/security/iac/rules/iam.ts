// IAM identities and policies.
import type { ResourceView } from '../resource.js';
import type { Violation } from '../model.js';
import { anyPrincipal, anyResource, cfnPolicyPaths, grantsAny, identityStatements, isAllow, statementsAt, tfPolicyPaths, type Statement } from './policy.js';
import { at, fsbp, type IacRule } from './types.js';

const cfnTypes = Object.keys(cfnPolicyPaths);
const tfTypes = Object.keys(tfPolicyPaths);

const cfnPolicy = (statement: string) =>
  `  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n${statement}`;
const tfPolicy = (statement: string) => `resource "aws_iam_policy" "p" {\n  name = "p"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [${statement}]\n  })\n}\n`;

function statementRule(table: Record<string, string[]>, test: (s: Statement) => string | undefined) {
  return (r: ResourceView): Violation[] =>
    identityStatements(r, table).flatMap((s) => {
      const message = test(s);
      return message ? [at(r, s.path.split('.*')[0], `${r.name}: ${message}`)] : [];
    });
}

// Actions that change data, permissions or infrastructure; granting them on every resource is the
// over-broad pattern IAM Access Analyzer and Checkov flag. Read-only and account-level actions are not.
const sensitiveVerb = /^[\w-]+:(\*|(put|delete|create|update|attach|detach|pass|add|remove|set|modify|terminate|run|invoke|decrypt|getsecretvalue|assumerole|reboot|restore|replicate|tag|untag)[\w*]*)$/;
const accountLevel = new Set(['xray:puttracesegments', 'xray:puttelemetryrecords', 'cloudwatch:putmetricdata', 'ec2:createnetworkinterface', 'ec2:deletenetworkinterface', 'logs:createloggroup', 'logs:createlogstream', 'logs:putlogevents']);

// Single actions and action sets that let a principal grant itself more rights (Rhino Security Labs' list).
export const escalationSets: string[][] = [
  ['iam:CreatePolicyVersion'],
  ['iam:SetDefaultPolicyVersion'],
  ['iam:AttachUserPolicy'],
  ['iam:AttachGroupPolicy'],
  ['iam:AttachRolePolicy'],
  ['iam:PutUserPolicy'],
  ['iam:PutGroupPolicy'],
  ['iam:PutRolePolicy'],
  ['iam:CreateAccessKey'],
  ['iam:CreateLoginProfile'],
  ['iam:UpdateLoginProfile'],
  ['iam:AddUserToGroup'],
  ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
  ['iam:PassRole', 'ec2:RunInstances'],
  ['iam:PassRole', 'cloudformation:CreateStack'],
  ['iam:PassRole', 'glue:CreateDevEndpoint'],
  ['iam:PassRole', 'datapipeline:CreatePipeline'],
  ['lambda:UpdateFunctionCode'],
  ['glue:UpdateDevEndpoint'],
];

function escalation(r: ResourceView, table: Record<string, string[]>): Violation[] {
  const granted = identityStatements(r, table).filter((s) => isAllow(s) && !s.notAction && anyResource(s));
  const actions = granted.flatMap((s) => s.actions);
  if (actions.includes('*')) return []; // reported by PAVED-IAM-001
  const hit = escalationSets.find((set) => set.every((a) => grantsAny(actions, a)));
  return hit ? [at(r, granted[0].path.split('.*')[0], `${r.name} grants ${hit.join(' + ')} on every resource, which lets its holder escalate privileges.`)] : [];
}

export const iamRules: IacRule[] = [
  {
    id: 'PAVED-IAM-001',
    title: 'IAM policy allows all actions ("*")',
    severity: 'critical',
    description: 'A statement that allows Action "*" grants full administrative rights, far beyond what a workload needs.',
    remediation: 'List the specific actions the workload uses; use IAM Access Analyzer policy generation to find them.',
    references: fsbp('IAM.1'),
    equivalents: { checkov: ['CKV_AWS_1', 'CKV_AWS_62', 'CKV_AWS_63'], cfn_nag: ['F3', 'F5'] },
    examples: {
      cfnBad: cfnPolicy("          - Effect: Allow\n            Action: '*'\n            Resource: '*'\n"),
      cfnGood: cfnPolicy("          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::data/*\n"),
      tfBad: tfPolicy('{ Effect = "Allow", Action = "*", Resource = "*" }'),
      tfGood: tfPolicy('{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }'),
    },
    cfn: { types: cfnTypes, check: statementRule(cfnPolicyPaths, (s) => (isAllow(s) && !s.notAction && s.actions.includes('*') ? 'allows every action ("*").' : undefined)) },
    tf: { types: tfTypes, check: statementRule(tfPolicyPaths, (s) => (isAllow(s) && !s.notAction && s.actions.includes('*') ? 'allows every action ("*").' : undefined)) },
  },
  {
    id: 'PAVED-IAM-002',
    title: 'IAM policy allows sensitive actions on every resource',
    severity: 'high',
    description: 'Write, delete and permission actions granted on Resource "*" apply to every current and future resource in the account.',
    remediation: 'Scope Resource to the ARNs the workload needs (use Fn::GetAtt / resource references).',
    references: fsbp('IAM.21'),
    equivalents: { checkov: ['CKV_AWS_355', 'CKV_AWS_111'], cfn_nag: ['W11', 'W12', 'W13'] },
    examples: {
      cfnBad: cfnPolicy("          - Effect: Allow\n            Action: [s3:DeleteObject]\n            Resource: '*'\n"),
      cfnGood: cfnPolicy("          - Effect: Allow\n            Action: [s3:DeleteObject]\n            Resource: !Sub 'arn:aws:s3:::${AWS::StackName}-data/*'\n"),
      tfBad: tfPolicy('{ Effect = "Allow", Action = ["dynamodb:DeleteItem"], Resource = "*" }'),
      tfGood: tfPolicy('{ Effect = "Allow", Action = ["dynamodb:DeleteItem"], Resource = aws_dynamodb_table.t.arn }'),
    },
    cfn: { types: cfnTypes, check: statementRule(cfnPolicyPaths, sensitiveOnStar) },
    tf: { types: tfTypes, check: statementRule(tfPolicyPaths, sensitiveOnStar) },
  },
  {
    id: 'PAVED-IAM-003',
    title: 'IAM policy allows iam:PassRole on every role',
    severity: 'high',
    description: 'iam:PassRole on "*" lets the holder hand any role, including administrator roles, to a service it controls.',
    remediation: 'Restrict Resource to the ARNs of the roles that must be passed, and add an iam:PassedToService condition.',
    references: [],
    equivalents: { cfn_nag: ['F38', 'F39'] },
    examples: {
      cfnBad: cfnPolicy("          - Effect: Allow\n            Action: iam:PassRole\n            Resource: '*'\n"),
      cfnGood: cfnPolicy("          - Effect: Allow\n            Action: iam:PassRole\n            Resource: arn:aws:iam::111122223333:role/app\n"),
      tfBad: tfPolicy('{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }'),
      tfGood: tfPolicy('{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::111122223333:role/app" }'),
    },
    cfn: { types: cfnTypes, check: statementRule(cfnPolicyPaths, passRole) },
    tf: { types: tfTypes, check: statementRule(tfPolicyPaths, passRole) },
  },
  {
    id: 'PAVED-IAM-004',
    title: 'IAM policy allows a privilege-escalation action set',
    severity: 'high',
    description: 'Some actions (iam:CreatePolicyVersion, iam:Attach*Policy, iam:PassRole with lambda:CreateFunction, …) let a principal give itself administrator rights.',
    remediation: 'Remove the escalation actions or restrict them to specific resources with conditions; keep permission management in a separate, tightly held role.',
    references: ['https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/'],
    equivalents: { checkov: ['CKV_AWS_110', 'CKV_AWS_286', 'CKV_AWS_287'] },
    examples: {
      cfnBad: cfnPolicy("          - Effect: Allow\n            Action: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction]\n            Resource: '*'\n"),
      cfnGood: cfnPolicy("          - Effect: Allow\n            Action: [lambda:InvokeFunction]\n            Resource: '*'\n"),
      tfBad: tfPolicy('{ Effect = "Allow", Action = ["iam:CreatePolicyVersion"], Resource = "*" }'),
      tfGood: tfPolicy('{ Effect = "Allow", Action = ["iam:GetPolicyVersion"], Resource = "*" }'),
    },
    cfn: { types: cfnTypes, check: (r) => escalation(r, cfnPolicyPaths) },
    tf: { types: tfTypes, check: (r) => escalation(r, tfPolicyPaths) },
  },
  {
    id: 'PAVED-IAM-005',
    title: 'IAM policy attached directly to a user',
    severity: 'medium',
    description: 'Policies on individual users are hard to review and revoke; permissions should come from groups or roles.',
    remediation: 'Attach the policy to a group or role and add the user to the group (or use federation).',
    references: fsbp('IAM.2'),
    equivalents: { checkov: ['CKV_AWS_40'], cfn_nag: ['F10', 'F11', 'F12'] },
    examples: {
      cfnBad: "  Alice:\n    Type: AWS::IAM::User\n    Properties:\n      Policies:\n        - PolicyName: inline\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: s3:GetObject\n                Resource: '*'\n",
      cfnGood: '  Alice:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [readers]\n',
      tfBad: 'resource "aws_iam_user_policy" "inline" {\n  user = "alice"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })\n}\n',
      tfGood: 'resource "aws_iam_group_policy" "inline" {\n  group = "readers"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })\n}\n',
    },
    cfn: {
      types: ['AWS::IAM::User', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'],
      check: (r) => {
        const path = r.type === 'AWS::IAM::User' ? 'Policies' : 'Users';
        const extra = r.type === 'AWS::IAM::User' ? r.get('ManagedPolicyArns') : [];
        const bad = [...r.get(path), ...extra].some((v) => Array.isArray(v) && v.length > 0);
        return bad ? [at(r, path, `${r.name} attaches policies directly to an IAM user.`)] : [];
      },
    },
    tf: { types: ['aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_policy_attachment'], check: (r) => (r.type !== 'aws_iam_policy_attachment' || r.get('users').some((v) => Array.isArray(v) && v.length > 0) ? [at(r, '', `${r.name} attaches a policy directly to an IAM user.`)] : []) },
  },
  {
    id: 'PAVED-IAM-006',
    title: 'IAM role trust policy allows any principal',
    severity: 'critical',
    description: 'A trust policy with Principal "*" and no condition lets any AWS account assume the role.',
    remediation: 'Name the accounts, roles or services that may assume the role, or add an sts:ExternalId / aws:PrincipalOrgID condition.',
    references: [],
    equivalents: { cfn_nag: ['F2'] },
    examples: {
      cfnBad: "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: '*' }\n            Action: sts:AssumeRole\n",
      cfnGood: '  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n',
      tfBad: 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })\n}\n',
      tfGood: 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n',
    },
    cfn: { types: ['AWS::IAM::Role'], check: (r) => trustStar(r, 'AssumeRolePolicyDocument') },
    tf: { types: ['aws_iam_role'], check: (r) => trustStar(r, 'assume_role_policy') },
  },
  {
    id: 'PAVED-IAM-007',
    title: 'IAM policy uses Allow with NotAction',
    severity: 'medium',
    description: 'Allow + NotAction grants every action except the listed ones, including actions AWS adds later.',
    remediation: 'Replace NotAction with an explicit Action list.',
    references: [],
    equivalents: { cfn_nag: ['W15', 'W17', 'W21'] },
    examples: {
      cfnBad: cfnPolicy("          - Effect: Allow\n            NotAction: iam:*\n            Resource: '*'\n"),
      cfnGood: cfnPolicy("          - Effect: Allow\n            Action: s3:GetObject\n            Resource: '*'\n"),
      tfBad: tfPolicy('{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }'),
      tfGood: tfPolicy('{ Effect = "Deny", NotAction = "iam:*", Resource = "*" }'),
    },
    cfn: { types: cfnTypes, check: statementRule(cfnPolicyPaths, (s) => (isAllow(s) && s.notAction ? 'uses Allow with NotAction.' : undefined)) },
    tf: { types: tfTypes, check: statementRule(tfPolicyPaths, (s) => (isAllow(s) && s.notAction ? 'uses Allow with NotAction.' : undefined)) },
  },
];

function sensitiveOnStar(s: Statement): string | undefined {
  if (!isAllow(s) || s.notAction || !anyResource(s) || s.actions.includes('*')) return undefined;
  const hits = s.actions.filter((a) => sensitiveVerb.test(a) && !accountLevel.has(a) && a !== 'iam:passrole');
  return hits.length ? `allows ${hits.join(', ')} on every resource ("*").` : undefined;
}

function passRole(s: Statement): string | undefined {
  return isAllow(s) && !s.notAction && anyResource(s) && s.actions.some((a) => a !== '*' && grantsAny([a], 'iam:passrole')) ? 'allows iam:PassRole on every role.' : undefined;
}

function trustStar(r: ResourceView, path: string): Violation[] {
  return statementsAt(r, path).some((s) => isAllow(s) && anyPrincipal(s) && !s.hasCondition) ? [at(r, path, `${r.name} can be assumed by any principal ("*").`)] : [];
}
