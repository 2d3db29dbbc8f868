// Amazon S3 buckets and bucket policies.
import { known, notAlwaysTrue } from '../evaluate.js';
import type { ResourceView } from '../resource.js';
import { anyPrincipal, isAllow, statementsAt } from './policy.js';
import { at, companions, fsbp, type IacRule } from './types.js';

const bucket = (props: string) => `  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n${props}`;
const tfBucket = 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}\n';

function tfSplit(type: string, check: (companion: ResourceView) => boolean, inline: (r: ResourceView) => boolean, message: string) {
  return (r: ResourceView) => {
    if (inline(r)) return [];
    const cs = companions(r, type);
    if (cs.length === 0) return [at(r, '', message)];
    return cs.some(check) ? [] : [at(cs[0], '', message)];
  };
}

const pabFlag = (id: string, cfnKey: string, tfKey: string, what: string, checkov: string, fsbpId: string[]): IacRule => ({
  id,
  title: `S3 public access block: ${cfnKey} is not enabled`,
  severity: 'high',
  description: `Without ${cfnKey}, ${what}, and a single mistaken ACL or policy can expose the bucket's objects to the internet.`,
  remediation: `Set PublicAccessBlockConfiguration.${cfnKey}: true (Terraform: aws_s3_bucket_public_access_block with ${tfKey} = true).`,
  references: fsbp(...fsbpId),
  equivalents: { checkov: [checkov] },
  examples: {
    cfnBad: bucket(`      PublicAccessBlockConfiguration:\n        ${cfnKey}: false\n`),
    cfnGood: bucket(`      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n`),
    tfBad: tfBucket,
    tfGood: tfBucket + `resource "aws_s3_bucket_public_access_block" "data" {\n  bucket = aws_s3_bucket.data.id\n  block_public_acls = true\n  block_public_policy = true\n  ignore_public_acls = true\n  restrict_public_buckets = true\n}\n`,
  },
  cfn: { types: ['AWS::S3::Bucket'], check: (r) => (notAlwaysTrue(r.get(`PublicAccessBlockConfiguration.${cfnKey}`)) ? [at(r, `PublicAccessBlockConfiguration.${cfnKey}`, `${r.name} does not set PublicAccessBlockConfiguration.${cfnKey} to true.`)] : []) },
  tf: {
    types: ['aws_s3_bucket'],
    check: tfSplit('aws_s3_bucket_public_access_block', (c) => !notAlwaysTrue(c.get(tfKey)), () => false, `No aws_s3_bucket_public_access_block with ${tfKey} = true covers this bucket.`),
  },
});

const publicAcls = ['PublicRead', 'PublicReadWrite', 'AuthenticatedRead'];
const tfPublicAcls = ['public-read', 'public-read-write', 'authenticated-read'];

export const s3Rules: IacRule[] = [
  {
    id: 'PAVED-S3-001',
    title: 'S3 bucket without default encryption configuration',
    severity: 'medium',
    description: 'A bucket without an explicit server-side encryption configuration relies on account defaults; an explicit SSE-KMS or SSE-S3 configuration documents and enforces encryption at rest.',
    remediation: 'Add BucketEncryption.ServerSideEncryptionConfiguration (Terraform: aws_s3_bucket_server_side_encryption_configuration).',
    references: fsbp('S3.17'),
    equivalents: { checkov: ['CKV_AWS_19', 'CKV_AWS_145'], cfn_nag: ['W41'] },
    examples: {
      cfnBad: bucket('      BucketName: data\n'),
      cfnGood: bucket('      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n'),
      tfBad: tfBucket,
      tfGood: tfBucket + 'resource "aws_s3_bucket_server_side_encryption_configuration" "data" {\n  bucket = aws_s3_bucket.data.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}\n',
    },
    cfn: { types: ['AWS::S3::Bucket'], check: (r) => (known(r.get('BucketEncryption.ServerSideEncryptionConfiguration')).some((v) => v === undefined) ? [at(r, 'BucketEncryption', `${r.name} has no default encryption configuration.`)] : []) },
    tf: {
      types: ['aws_s3_bucket'],
      check: tfSplit('aws_s3_bucket_server_side_encryption_configuration', () => true, (r) => known(r.get('server_side_encryption_configuration')).some((v) => v !== undefined), 'The bucket has no server-side encryption configuration.'),
    },
  },
  {
    id: 'PAVED-S3-002',
    title: 'S3 bucket versioning is not enabled',
    severity: 'medium',
    description: 'Without versioning, an overwritten or deleted object (by mistake or by ransomware) cannot be recovered.',
    remediation: 'Set VersioningConfiguration.Status: Enabled (Terraform: aws_s3_bucket_versioning with status = "Enabled").',
    references: fsbp('S3.14'),
    equivalents: { checkov: ['CKV_AWS_21'] },
    examples: {
      cfnBad: bucket('      VersioningConfiguration:\n        Status: Suspended\n'),
      cfnGood: bucket('      VersioningConfiguration:\n        Status: Enabled\n'),
      tfBad: tfBucket,
      tfGood: tfBucket + 'resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
    },
    cfn: { types: ['AWS::S3::Bucket'], check: (r) => (known(r.get('VersioningConfiguration.Status')).some((v) => v !== 'Enabled') ? [at(r, 'VersioningConfiguration.Status', `${r.name} does not enable versioning.`)] : []) },
    tf: {
      types: ['aws_s3_bucket'],
      check: tfSplit('aws_s3_bucket_versioning', (c) => !known(c.get('versioning_configuration.*.status')).some((v) => v !== 'Enabled'), (r) => !notAlwaysTrue(r.get('versioning.*.enabled')) && r.get('versioning.*.enabled').length > 0, 'Versioning is not enabled for the bucket.'),
    },
  },
  {
    id: 'PAVED-S3-003',
    title: 'S3 bucket server access logging is not enabled',
    severity: 'low',
    description: 'Without access logs there is no record of who read or changed objects, which hampers incident response and audits.',
    remediation: 'Set LoggingConfiguration.DestinationBucketName (Terraform: aws_s3_bucket_logging).',
    references: fsbp('S3.9'),
    equivalents: { checkov: ['CKV_AWS_18'], cfn_nag: ['W35'] },
    examples: {
      cfnBad: bucket('      BucketName: data\n'),
      cfnGood: bucket('      LoggingConfiguration:\n        DestinationBucketName: access-logs\n'),
      tfBad: tfBucket,
      tfGood: tfBucket + 'resource "aws_s3_bucket_logging" "data" {\n  bucket = aws_s3_bucket.data.id\n  target_bucket = "access-logs"\n  target_prefix = "data/"\n}\n',
    },
    cfn: { types: ['AWS::S3::Bucket'], check: (r) => (known(r.get('LoggingConfiguration')).some((v) => v === undefined) ? [at(r, '', `${r.name} has no access logging configuration.`)] : []) },
    tf: { types: ['aws_s3_bucket'], check: tfSplit('aws_s3_bucket_logging', () => true, (r) => known(r.get('logging')).some((v) => v !== undefined), 'The bucket has no access logging.') },
  },
  pabFlag('PAVED-S3-004', 'BlockPublicAcls', 'block_public_acls', 'new public ACLs can be put on the bucket and its objects', 'CKV_AWS_53', ['S3.8']),
  pabFlag('PAVED-S3-005', 'BlockPublicPolicy', 'block_public_policy', 'a bucket policy granting public access can be attached', 'CKV_AWS_54', ['S3.8']),
  pabFlag('PAVED-S3-006', 'IgnorePublicAcls', 'ignore_public_acls', 'existing public ACLs keep granting access', 'CKV_AWS_55', ['S3.8']),
  pabFlag('PAVED-S3-007', 'RestrictPublicBuckets', 'restrict_public_buckets', 'a public bucket policy keeps granting cross-account and anonymous access', 'CKV_AWS_56', ['S3.8']),
  {
    id: 'PAVED-S3-008',
    title: 'S3 bucket has a public canned ACL',
    severity: 'critical',
    description: 'PublicRead, PublicReadWrite and AuthenticatedRead ACLs let anyone (or any AWS account) list, read or write the objects.',
    remediation: 'Remove AccessControl (or use Private) and grant access with a bucket policy to named principals.',
    references: fsbp('S3.2', 'S3.3'),
    equivalents: { checkov: ['CKV_AWS_20', 'CKV_AWS_57'], cfn_nag: ['W31', 'F14'] },
    examples: {
      cfnBad: bucket('      AccessControl: PublicRead\n'),
      cfnGood: bucket('      AccessControl: Private\n'),
      tfBad: 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n  acl = "public-read"\n}\n',
      tfGood: 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n  acl = "private"\n}\n',
    },
    cfn: { types: ['AWS::S3::Bucket'], check: (r) => known(r.get('AccessControl')).filter((v) => publicAcls.includes(v as string)).map((v) => at(r, 'AccessControl', `${r.name} uses the public canned ACL ${String(v)}.`)) },
    tf: { types: ['aws_s3_bucket', 'aws_s3_bucket_acl'], check: (r) => known(r.get('acl')).filter((v) => tfPublicAcls.includes(v as string)).map((v) => at(r, 'acl', `${r.name} uses the public canned ACL ${String(v)}.`)) },
  },
  {
    id: 'PAVED-S3-009',
    title: 'S3 bucket policy allows any principal',
    severity: 'critical',
    description: 'An Allow statement with Principal "*" and no condition opens the bucket to every AWS account and anonymous users.',
    remediation: 'Name the principals (accounts, roles) or add a condition (aws:SourceArn, aws:PrincipalOrgID) that restricts who can use the statement.',
    references: fsbp('S3.2', 'S3.3'),
    equivalents: { checkov: ['CKV_AWS_70'], cfn_nag: ['F16'] },
    examples: {
      cfnBad: '  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: data\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::data/*\n',
      cfnGood: '  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: data\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::111122223333:root }\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::data/*\n',
      tfBad: 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "data"\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }]\n  })\n}\n',
      tfGood: 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "data"\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }]\n  })\n}\n',
    },
    cfn: { types: ['AWS::S3::BucketPolicy'], check: (r) => statementsAt(r, 'PolicyDocument').filter((s) => isAllow(s) && anyPrincipal(s) && !s.hasCondition).map(() => at(r, 'PolicyDocument', `${r.name} allows Principal "*" without a condition.`)) },
    tf: { types: ['aws_s3_bucket_policy'], check: (r) => statementsAt(r, 'policy').filter((s) => isAllow(s) && anyPrincipal(s) && !s.hasCondition).map(() => at(r, 'policy', `${r.name} allows Principal "*" without a condition.`)) },
  },
  {
    id: 'PAVED-S3-010',
    title: 'S3 bucket policy does not require TLS',
    severity: 'medium',
    description: 'Without a Deny on aws:SecureTransport = false, clients can read and write objects over plain HTTP.',
    remediation: 'Add a statement: Effect Deny, Principal "*", Action "s3:*", Condition Bool aws:SecureTransport "false".',
    references: fsbp('S3.5'),
    equivalents: {},
    examples: {
      cfnBad: '  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: data\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::111122223333:root }\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::data/*\n',
      cfnGood: '  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: data\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            Principal: "*"\n            Action: "s3:*"\n            Resource: [arn:aws:s3:::data, arn:aws:s3:::data/*]\n            Condition: { Bool: { aws:SecureTransport: "false" } }\n',
      tfBad: 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "data"\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }]\n  })\n}\n',
      tfGood: 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "data"\n  policy = jsonencode({\n    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::data/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }]\n  })\n}\n',
    },
    cfn: { types: ['AWS::S3::BucketPolicy'], check: (r) => tlsCheck(r, 'PolicyDocument') },
    tf: { types: ['aws_s3_bucket_policy'], check: (r) => tlsCheck(r, 'policy') },
  },
];

function tlsCheck(r: ResourceView, path: string) {
  const statements = statementsAt(r, path);
  if (statements.length === 0) return []; // unknown policy: no verdict
  const denies = statements.some((s) => s.effect.includes('Deny') && JSON.stringify(s.raw.Condition ?? {}).toLowerCase().includes('aws:securetransport'));
  return denies ? [] : [at(r, path, `${r.name} has no Deny statement for requests without TLS (aws:SecureTransport).`)];
}
