// Compute: Lambda, ECR, ECS and EKS.
import { UNKNOWN } from '../model.js';
import { isObject } from '../evaluate.js';
import type { ResourceView } from '../resource.js';
import type { Violation } from '../model.js';
import { simple } from './data.js';
import { deprecatedRuntime } from './lambda-runtimes.js';
import { at, fsbp, missing, notTrue, type IacRule } from './types.js';

const fnCfn = (props: string) => `  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Role: arn:aws:iam::111122223333:role/fn\n      Code: { ZipFile: "exports.handler = async () => 1" }\n${props}`;
const fnTf = (body: string) => `resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "arn:aws:iam::111122223333:role/fn"\n  handler = "index.handler"\n${body}}\n`;

export const secretName = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)s?$/i;
const reference = /^(\{\{resolve:|arn:|\$\{)/;
export const awsAccessKey = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

/** Does a concrete value look like a real literal secret rather than a reference or placeholder? */
export function literalSecret(v: unknown): boolean {
  return typeof v === 'string' && v.length >= 4 && !reference.test(v);
}

function envSecrets(r: ResourceView, path: string): Violation[] {
  const out: Violation[] = [];
  for (const vars of r.get(path)) {
    if (!isObject(vars)) continue;
    for (const [name, raw] of Object.entries(vars)) {
      const values = r.within(raw, '');
      const bad = values.some((v) => v !== UNKNOWN && ((secretName.test(name) && literalSecret(v)) || (typeof v === 'string' && awsAccessKey.test(v))));
      if (bad) out.push(at(r, `${path}.${name}`, `${r.name}: environment variable ${name} holds a literal secret (value not shown).`));
    }
  }
  return out;
}

function runtimeCheck(path: string) {
  return (r: ResourceView): Violation[] =>
    r
      .get(path)
      .filter((v): v is string => typeof v === 'string')
      .map((v) => ({ v, d: deprecatedRuntime(v) }))
      .filter((x) => x.d)
      .map((x) => at(r, path, `${r.name}: runtime ${x.v} was deprecated on ${x.d!.deprecated} and no longer gets security patches.`));
}

function privileged(r: ResourceView): Violation[] {
  const path = r.type === 'AWS::ECS::TaskDefinition' ? 'ContainerDefinitions' : 'container_definitions';
  const out: Violation[] = [];
  for (let defs of r.get(path)) {
    if (typeof defs === 'string') {
      try {
        defs = JSON.parse(defs);
      } catch {
        continue;
      }
    }
    for (const c of r.within(defs, '*')) {
      if (!isObject(c)) continue;
      const key = 'Privileged' in c ? 'Privileged' : 'privileged';
      if (r.within(c, key).some((v) => v === true || v === 'true')) out.push(at(r, path, `${r.name}: container ${String(c.Name ?? c.name ?? '')} runs privileged.`));
    }
  }
  return out;
}

function eksPublic(r: ResourceView, base: string, flag: string, cidrs: string): Violation[] {
  const publicOn = r.get(`${base}.${flag}`).some((v) => v !== UNKNOWN && (v === undefined || v === true || v === 'true'));
  const open = r.get(`${base}.${cidrs}`).some((v) => v === undefined || (Array.isArray(v) && (v.length === 0 || v.includes('0.0.0.0/0'))));
  return publicOn && open ? [at(r, base, `${r.name}: the Kubernetes API endpoint is reachable from the whole internet.`)] : [];
}

export const computeRules: IacRule[] = [
  {
    id: 'PAVED-LAMBDA-001',
    title: 'Lambda environment variable holds a literal secret',
    severity: 'high',
    description: 'Environment variables are visible to anyone who can read the function configuration, and end up in templates, state files and logs.',
    remediation: 'Store the secret in Secrets Manager or SSM Parameter Store (SecureString) and read it at run time, or use a {{resolve:secretsmanager:…}} dynamic reference.',
    references: fsbp('Lambda.3'),
    equivalents: { checkov: ['CKV_AWS_45'] },
    examples: {
      cfnBad: fnCfn('      Runtime: nodejs22.x\n      Environment:\n        Variables:\n          DB_PASSWORD: hunter2hunter2\n'),
      cfnGood: fnCfn('      Runtime: nodejs22.x\n      Environment:\n        Variables:\n          DB_PASSWORD: "{{resolve:secretsmanager:db:SecretString:password}}"\n'),
      tfBad: fnTf('  runtime = "nodejs22.x"\n  environment {\n    variables = {\n      API_TOKEN = "abcd1234efgh"\n    }\n  }\n'),
      tfGood: fnTf('  runtime = "nodejs22.x"\n  environment {\n    variables = {\n      API_TOKEN_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:api"\n    }\n  }\n'),
    },
    cfn: { types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'], check: (r) => envSecrets(r, 'Environment.Variables') },
    tf: { types: ['aws_lambda_function'], check: (r) => envSecrets(r, 'environment.0.variables') },
  },
  {
    id: 'PAVED-LAMBDA-002',
    title: 'Lambda function uses a deprecated runtime',
    severity: 'high',
    description: 'Deprecated runtimes no longer receive security patches, and AWS blocks creating and then updating functions that use them.',
    remediation: 'Move to a supported runtime (for example nodejs22.x or python3.13) and redeploy.',
    references: fsbp('Lambda.2'),
    equivalents: { checkov: ['CKV_AWS_363'] },
    examples: { cfnBad: fnCfn('      Runtime: nodejs12.x\n'), cfnGood: fnCfn('      Runtime: nodejs22.x\n'), tfBad: fnTf('  runtime = "python3.7"\n'), tfGood: fnTf('  runtime = "python3.13"\n') },
    cfn: { types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'], check: runtimeCheck('Runtime') },
    tf: { types: ['aws_lambda_function'], check: runtimeCheck('runtime') },
  },
  {
    id: 'PAVED-LAMBDA-003',
    title: 'Lambda function has no dead-letter queue',
    severity: 'low',
    description: 'Asynchronous invocations that keep failing are dropped silently without a dead-letter queue (or on-failure destination).',
    remediation: 'Set DeadLetterConfig.TargetArn to an SQS queue or SNS topic (SAM: DeadLetterQueue; Terraform: dead_letter_config).',
    references: [],
    equivalents: { checkov: ['CKV_AWS_116'] },
    examples: {
      cfnBad: fnCfn('      Runtime: nodejs22.x\n'),
      cfnGood: fnCfn('      Runtime: nodejs22.x\n      DeadLetterConfig:\n        TargetArn: arn:aws:sqs:eu-west-1:111122223333:dlq\n'),
      tfBad: fnTf('  runtime = "nodejs22.x"\n'),
      tfGood: fnTf('  runtime = "nodejs22.x"\n  dead_letter_config {\n    target_arn = "arn:aws:sqs:eu-west-1:111122223333:dlq"\n  }\n'),
    },
    cfn: {
      types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'],
      check: (r) => {
        const path = r.type === 'AWS::Serverless::Function' ? 'DeadLetterQueue' : 'DeadLetterConfig.TargetArn';
        return r.get(path).some((v) => v !== UNKNOWN && missing(v)) ? [at(r, path, `${r.name}: no dead-letter queue is configured.`)] : [];
      },
    },
    tf: { types: ['aws_lambda_function'], check: (r) => (r.get('dead_letter_config.0.target_arn').some((v) => v !== UNKNOWN && missing(v)) ? [at(r, '', `${r.name}: no dead-letter queue is configured.`)] : []) },
  },
  {
    id: 'PAVED-LAMBDA-004',
    title: 'Lambda permission allows any principal',
    severity: 'critical',
    description: 'A resource-based permission for Principal "*" without a source condition lets anyone invoke the function.',
    remediation: 'Name the invoking service or account and set SourceArn or SourceAccount.',
    references: fsbp('Lambda.1'),
    equivalents: { checkov: ['CKV_AWS_301', 'CKV_AWS_364'] },
    examples: {
      cfnBad: "  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: fn\n      Principal: '*'\n",
      cfnGood: '  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: fn\n      Principal: s3.amazonaws.com\n      SourceArn: arn:aws:s3:::uploads\n',
      tfBad: 'resource "aws_lambda_permission" "p" {\n  action = "lambda:InvokeFunction"\n  function_name = "fn"\n  principal = "*"\n}\n',
      tfGood: 'resource "aws_lambda_permission" "p" {\n  action = "lambda:InvokeFunction"\n  function_name = "fn"\n  principal = "s3.amazonaws.com"\n  source_arn = "arn:aws:s3:::uploads"\n}\n',
    },
    cfn: { types: ['AWS::Lambda::Permission'], check: (r) => (r.get('Principal').includes('*') && r.get('SourceArn').every((v) => v === undefined) && r.get('SourceAccount').every((v) => v === undefined) && r.get('PrincipalOrgID').every((v) => v === undefined) ? [at(r, 'Principal', `${r.name}: anyone may invoke the function.`)] : []) },
    tf: { types: ['aws_lambda_permission'], check: (r) => (r.get('principal').includes('*') && r.get('source_arn').every((v) => v === undefined) && r.get('source_account').every((v) => v === undefined) && r.get('principal_org_id').every((v) => v === undefined) ? [at(r, 'principal', `${r.name}: anyone may invoke the function.`)] : []) },
  },
  simple({
    id: 'PAVED-ECR-001',
    title: 'ECR repository allows mutable image tags',
    severity: 'medium',
    description: 'With mutable tags, an attacker (or a mistake) can push a different image under a tag that deployments trust.',
    remediation: 'Set ImageTagMutability: IMMUTABLE (Terraform: image_tag_mutability = "IMMUTABLE") and deploy by digest.',
    references: fsbp('ECR.2'),
    equivalents: { checkov: ['CKV_AWS_51'] },
    examples: {
      cfnBad: '  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n',
      cfnGood: '  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      ImageTagMutability: IMMUTABLE\n',
      tfBad: 'resource "aws_ecr_repository" "app" {\n  name = "app"\n}\n',
      tfGood: 'resource "aws_ecr_repository" "app" {\n  name = "app"\n  image_tag_mutability = "IMMUTABLE"\n}\n',
    },
    cfn: { types: ['AWS::ECR::Repository'], path: 'ImageTagMutability', bad: (v) => !(typeof v === 'string' && v.startsWith('IMMUTABLE')), message: 'image tags are mutable.' },
    tf: { types: ['aws_ecr_repository'], path: 'image_tag_mutability', bad: (v) => !(typeof v === 'string' && v.startsWith('IMMUTABLE')), message: 'image tags are mutable.' },
  }),
  simple({
    id: 'PAVED-ECR-002',
    title: 'ECR repository does not scan images on push',
    severity: 'medium',
    description: 'Images with known vulnerabilities are stored and deployed without anyone being told.',
    remediation: 'Set ImageScanningConfiguration.ScanOnPush: true (Terraform: image_scanning_configuration { scan_on_push = true }), or enable registry-level enhanced scanning.',
    references: fsbp('ECR.1'),
    equivalents: { checkov: ['CKV_AWS_163'] },
    examples: {
      cfnBad: '  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n',
      cfnGood: '  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      ImageScanningConfiguration:\n        ScanOnPush: true\n',
      tfBad: 'resource "aws_ecr_repository" "app" {\n  name = "app"\n}\n',
      tfGood: 'resource "aws_ecr_repository" "app" {\n  name = "app"\n  image_scanning_configuration {\n    scan_on_push = true\n  }\n}\n',
    },
    cfn: { types: ['AWS::ECR::Repository'], path: 'ImageScanningConfiguration.ScanOnPush', bad: notTrue, message: 'images are not scanned on push.' },
    tf: { types: ['aws_ecr_repository'], path: 'image_scanning_configuration.0.scan_on_push', bad: notTrue, message: 'images are not scanned on push.' },
  }),
  {
    id: 'PAVED-ECS-001',
    title: 'ECS task definition runs a privileged container',
    severity: 'high',
    description: 'A privileged container has root on the host: a compromise of the container is a compromise of the instance and its other tasks.',
    remediation: 'Remove Privileged: true; grant only the Linux capabilities the container needs.',
    references: fsbp('ECS.4'),
    equivalents: { checkov: ['CKV_AWS_334'] },
    examples: {
      cfnBad: '  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: app:1.0\n          Privileged: true\n',
      cfnGood: '  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: app:1.0\n',
      tfBad: 'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n  container_definitions = jsonencode([{ name = "app", image = "app:1.0", privileged = true }])\n}\n',
      tfGood: 'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n  container_definitions = jsonencode([{ name = "app", image = "app:1.0" }])\n}\n',
    },
    cfn: { types: ['AWS::ECS::TaskDefinition'], check: privileged },
    tf: { types: ['aws_ecs_task_definition'], check: privileged },
  },
  {
    id: 'PAVED-EKS-001',
    title: 'EKS API endpoint is public to the whole internet',
    severity: 'high',
    description: 'The Kubernetes API server is reachable from any address; only authentication stands between the internet and the cluster.',
    remediation: 'Set EndpointPublicAccess: false (with EndpointPrivateAccess: true), or restrict PublicAccessCidrs to known ranges.',
    references: fsbp('EKS.1'),
    equivalents: { checkov: ['CKV_AWS_39', 'CKV_AWS_38'] },
    examples: {
      cfnBad: '  Eks:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::111122223333:role/eks\n      ResourcesVpcConfig:\n        SubnetIds: [subnet-1, subnet-2]\n',
      cfnGood: '  Eks:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::111122223333:role/eks\n      ResourcesVpcConfig:\n        SubnetIds: [subnet-1, subnet-2]\n        EndpointPublicAccess: false\n        EndpointPrivateAccess: true\n',
      tfBad: 'resource "aws_eks_cluster" "k" {\n  name = "k"\n  role_arn = "arn:aws:iam::111122223333:role/eks"\n  vpc_config {\n    subnet_ids = ["subnet-1"]\n  }\n}\n',
      tfGood: 'resource "aws_eks_cluster" "k" {\n  name = "k"\n  role_arn = "arn:aws:iam::111122223333:role/eks"\n  vpc_config {\n    subnet_ids = ["subnet-1"]\n    endpoint_public_access = true\n    public_access_cidrs = ["203.0.113.0/24"]\n  }\n}\n',
    },
    cfn: { types: ['AWS::EKS::Cluster'], check: (r) => eksPublic(r, 'ResourcesVpcConfig', 'EndpointPublicAccess', 'PublicAccessCidrs') },
    tf: { types: ['aws_eks_cluster'], check: (r) => eksPublic(r, 'vpc_config.0', 'endpoint_public_access', 'public_access_cidrs') },
  },
  {
    id: 'PAVED-EKS-002',
    title: 'EKS cluster does not encrypt Kubernetes secrets with KMS',
    severity: 'medium',
    description: 'Without envelope encryption, Kubernetes Secrets are protected only by the default etcd volume encryption.',
    remediation: 'Add EncryptionConfig with Resources: [secrets] and a KMS key (Terraform: encryption_config).',
    references: fsbp('EKS.3'),
    equivalents: { checkov: ['CKV_AWS_58'] },
    examples: {
      cfnBad: '  Eks:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::111122223333:role/eks\n',
      cfnGood: '  Eks:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::111122223333:role/eks\n      EncryptionConfig:\n        - Resources: [secrets]\n          Provider: { KeyArn: arn:aws:kms:eu-west-1:111122223333:key/1 }\n',
      tfBad: 'resource "aws_eks_cluster" "k" {\n  name = "k"\n  role_arn = "arn:aws:iam::111122223333:role/eks"\n}\n',
      tfGood: 'resource "aws_eks_cluster" "k" {\n  name = "k"\n  role_arn = "arn:aws:iam::111122223333:role/eks"\n  encryption_config {\n    resources = ["secrets"]\n    provider {\n      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1"\n    }\n  }\n}\n',
    },
    cfn: { types: ['AWS::EKS::Cluster'], check: (r) => (r.get('EncryptionConfig').some((v) => v !== UNKNOWN && missing(v)) ? [at(r, '', `${r.name}: Kubernetes secrets are not encrypted with KMS.`)] : []) },
    tf: { types: ['aws_eks_cluster'], check: (r) => (r.get('encryption_config').some((v) => v !== UNKNOWN && missing(v)) ? [at(r, '', `${r.name}: Kubernetes secrets are not encrypted with KMS.`)] : []) },
  },
];
