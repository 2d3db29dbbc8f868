// IaC benchmark: `paved scan iac` over a generated corpus of 1,000 CloudFormation templates (~50
// resources each) and 1,000 Terraform files, reporting templates/s and peak RSS; the HCL parser
// (@cdktf/hcl2json, WebAssembly) is timed on its own since it dominates Terraform time. The peer,
// cfn-lint, is a PyPI package: it runs only where it happens to be installed, on a sample.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { iacScanner } from '../src/security/iac/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '..', 'bench', '.work', 'iac');
const TEMPLATES = 1000;
const TF_FILES = 1000;
const RESOURCES = 50;

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const flag = () => (rand() < 0.7 ? 'true' : 'false');

const cfnResources: Array<(n: string) => string> = [
  (n) => `  ${n}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::StackName}-${n.toLowerCase()}'\n      VersioningConfiguration: { Status: ${rand() < 0.7 ? 'Enabled' : 'Suspended'} }\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: ${flag()}\n        BlockPublicPolicy: ${flag()}\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n      Tags:\n        - Key: team\n          Value: !Ref Team\n`,
  (n) => `  ${n}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: ${n}\n      VpcId: !Ref VpcId\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: ${pick([22, 443, 5432, 8080])}\n          ToPort: ${pick([22, 443, 5432, 8080])}\n          CidrIp: ${pick(['10.0.0.0/8', '0.0.0.0/0', '192.168.0.0/16'])}\n          Description: app\n`,
  (n) => `  ${n}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: ${pick(['nodejs22.x', 'python3.13', 'nodejs16.x', 'python3.12'])}\n      Handler: index.handler\n      Role: !GetAtt ${n}Role.Arn\n      Code: { ZipFile: "exports.handler = async () => 1" }\n      Environment:\n        Variables:\n          TABLE: !Ref Team\n          STAGE: prod\n  ${n}Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: app\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: [${pick(['s3:GetObject', 's3:PutObject', 'dynamodb:*', 'logs:PutLogEvents'])}]\n                Resource: '${pick(['*', 'arn:aws:s3:::data/*'])}'\n`,
  (n) => `  ${n}:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n      SqsManagedSseEnabled: ${flag()}\n`,
  (n) => `  ${n}:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub '\${AWS::StackName}-${n}'\n`,
  (n) => `  ${n}:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      KeySchema: [{ AttributeName: id, KeyType: HASH }]\n      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]\n      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: ${flag()} }\n`,
  (n) => `  ${n}:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: ${pick([7, 30, 365])}\n`,
  (n) => `  ${n}:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: ${flag()}\n`,
  (n) => `  ${n}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: '20'\n      MasterUsername: app\n      MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}'\n      StorageEncrypted: ${flag()}\n      PubliclyAccessible: false\n      MultiAZ: !If [IsProd, true, false]\n`,
];

export function cfnTemplate(i: number): string {
  let body = `AWSTemplateFormatVersion: '2010-09-09'\nDescription: generated template ${i}\nParameters:\n  Team: { Type: String, Default: platform }\n  VpcId: { Type: AWS::EC2::VPC::Id }\n  Env: { Type: String, Default: prod }\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n`;
  let count = 0;
  for (let r = 0; count < RESOURCES; r++) {
    const make = pick(cfnResources);
    body += make(`R${r}`);
    count += make === cfnResources[2] ? 2 : 1;
  }
  return body + `Outputs:\n  First:\n    Value: !Ref R0\n`;
}

const tfResources: Array<(n: string) => string> = [
  (n) => `resource "aws_s3_bucket" "${n}" {\n  bucket = "\${local.prefix}-${n}"\n  tags   = { team = var.team }\n}\n\nresource "aws_s3_bucket_versioning" "${n}" {\n  bucket = aws_s3_bucket.${n}.id\n  versioning_configuration {\n    status = "${rand() < 0.7 ? 'Enabled' : 'Suspended'}"\n  }\n}\n`,
  (n) => `resource "aws_security_group" "${n}" {\n  name = "${n}"\n  ingress {\n    description = "app"\n    from_port   = ${pick([22, 443, 3389])}\n    to_port     = ${pick([22, 443, 3389])}\n    protocol    = "tcp"\n    cidr_blocks = ["${pick(['10.0.0.0/8', '0.0.0.0/0'])}"]\n  }\n}\n`,
  (n) => `resource "aws_instance" "${n}" {\n  ami           = "ami-12345678"\n  instance_type = "t3.micro"\n  metadata_options {\n    http_tokens = "${pick(['required', 'optional'])}"\n  }\n  root_block_device {\n    encrypted = ${flag()}\n  }\n}\n`,
  (n) => `resource "aws_iam_policy" "${n}" {\n  name   = "${n}"\n  policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["${pick(['s3:GetObject', 'iam:PassRole', 'ec2:*'])}"], Resource = "${pick(['*', 'arn:aws:s3:::x/*'])}" }]\n  })\n}\n`,
  (n) => `resource "aws_db_instance" "${n}" {\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n  allocated_storage   = 20\n  storage_encrypted   = ${flag()}\n  deletion_protection = var.protect\n}\n`,
  (n) => `resource "aws_cloudwatch_log_group" "${n}" {\n  name              = "${n}"\n  retention_in_days = ${pick([0, 30, 365])}\n}\n`,
];

export function tfFile(i: number): string {
  let body = `variable "team" {\n  default = "platform"\n}\nvariable "protect" {\n  default = true\n}\nlocals {\n  prefix = "svc-${i}"\n}\n\n`;
  for (let r = 0; r < 20; r++) body += pick(tfResources)(`r${r}`) + '\n';
  return body;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

export default async function (): Promise<void> {
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, 'cfn'), { recursive: true });
  for (let i = 0; i < TEMPLATES; i++) await writeFile(join(work, 'cfn', `stack-${i}.yaml`), cfnTemplate(i));
  // One Terraform module per folder, as in real repositories (variables and locals are per module).
  for (let i = 0; i < TF_FILES; i++) {
    await mkdir(join(work, 'tf', `m${i}`), { recursive: true });
    await writeFile(join(work, 'tf', `m${i}`, 'main.tf'), tfFile(i));
  }
  const cfnBytes = (await readFile(join(work, 'cfn', 'stack-0.yaml'))).length;
  const tfBytes = (await readFile(join(work, 'tf', 'm0', 'main.tf'))).length;

  // The whole corpus, lint included, as `paved scan iac` runs it.
  const rssBefore = process.resourceUsage().maxRSS;
  const loadBefore = loadavg()[0];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await iacScanner.scan({ root: work });
  const total = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rss = process.resourceUsage().maxRSS;
  const files = TEMPLATES + TF_FILES;

  // Each half alone, in this (warm) process, to see where the time goes.
  let t = performance.now();
  const cfnOnly = await iacScanner.scan({ root: join(work, 'cfn') });
  const cfnTime = performance.now() - t;
  t = performance.now();
  const cfnNoLint = await iacScanner.scan({ root: join(work, 'cfn'), options: { 'no-lint': true } });
  const cfnNoLintTime = performance.now() - t;
  t = performance.now();
  const tfOnly = await iacScanner.scan({ root: join(work, 'tf') });
  const tfTime = performance.now() - t;
  const sources = await Promise.all(Array.from({ length: 200 }, (_, i) => readFile(join(work, 'tf', `m${i}`, 'main.tf'), 'utf8')));
  t = performance.now();
  for (let i = 0; i < sources.length; i++) await parseHcl(`m${i}.tf`, sources[i]);
  const hclPer = (performance.now() - t) / sources.length;

  // Peer: cfn-lint on a sample (it is a Python program; installed here outside npm, or absent).
  const sample = 10;
  const peer = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  let peerLine = 'cfn-lint: not installed on this machine (a PyPI package; the npm registry is the only package source here), so no ratio.';
  let ratio = '';
  if (peer.status === 0) {
    const args = Array.from({ length: sample }, (_, i) => join(work, 'cfn', `stack-${i}.yaml`));
    t = performance.now();
    const run = spawnSync('cfn-lint', ['--format', 'parseable', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const peerTime = performance.now() - t;
    const peerFindings = (run.stdout ?? '').split('\n').filter(Boolean).length;
    const peerRate = sample / (peerTime / 1000);
    t = performance.now();
    let pavedSampleFindings = 0;
    for (const file of args) {
      const { analyzeDocumentFile } = await import('../src/security/iac/analyze.js');
      const out: never[] = [];
      analyzeDocumentFile({ file, source: await readFile(file, 'utf8') }, out, { lint: true });
      pavedSampleFindings += out.length;
    }
    const pavedSampleTime = performance.now() - t;
    const pavedRate = sample / (pavedSampleTime / 1000);
    peerLine = `cfn-lint ${peer.stdout.trim()} (lint only, one process for ${sample} templates, exit ${run.status}): ${ms(peerTime)} = ${peerRate.toFixed(1)} templates/s, ${peerFindings} findings. Paved on the same ${sample} files in-process (lint + security rules, spec already loaded): ${ms(pavedSampleTime)} = ${pavedRate.toFixed(0)} templates/s, ${pavedSampleFindings} findings.`;
    ratio = `ratio: paved is ${(pavedRate / peerRate).toFixed(1)}× the peer's throughput on the sample (cfn-lint's time includes its ~1 s Python start-up; both check different rule sets).`;
  }

  const rate = files / (total / 1000);
  console.log(`${new Date().toISOString().slice(0, 10)}, \`npx tsc -p . && node dist/bench/run.js iac\` (\`npm run bench -- iac\`), ${cpus().length} cores.\n`);
  console.log(`Corpus: ${TEMPLATES} CloudFormation templates × ${RESOURCES} resources (${(cfnBytes / 1024).toFixed(1)} KiB each) + ${TF_FILES} Terraform modules × 20 resources (${(tfBytes / 1024).toFixed(1)} KiB each).\n`);
  console.log('| run | time | files/s | findings |');
  console.log('|---|---|---|---|');
  console.log(`| whole corpus, cold (lint + rules, spec load included) | ${ms(total)} | ${rate.toFixed(0)} | ${result.findings.length} |`);
  console.log(`| CloudFormation only, warm, with lint | ${ms(cfnTime)} | ${(TEMPLATES / (cfnTime / 1000)).toFixed(0)} | ${cfnOnly.findings.length} |`);
  console.log(`| CloudFormation only, warm, --no-lint | ${ms(cfnNoLintTime)} | ${(TEMPLATES / (cfnNoLintTime / 1000)).toFixed(0)} | ${cfnNoLint.findings.length} |`);
  console.log(`| Terraform only, warm | ${ms(tfTime)} | ${(TF_FILES / (tfTime / 1000)).toFixed(0)} | ${tfOnly.findings.length} |`);
  console.log(`| hcl2json parse alone (200 files) | ${hclPer.toFixed(2)} ms/file | ${(1000 / hclPer).toFixed(0)} | – |`);
  const perCpu = files / cpuSeconds;
  const cores = Math.min(2, cpus().length);
  console.log(`\nwhole corpus: ${cpuSeconds.toFixed(1)} CPU-seconds (all threads) = ${perCpu.toFixed(0)} files per CPU-second; ${cores} cores fully available would give ≈ ${(perCpu * cores).toFixed(0)} files/s. Load average when the scan started: ${loadBefore.toFixed(1)} on ${cpus().length} cores (a shared machine: wall-clock figures above are inflated by the other processes).`);
  console.log(`\npeak RSS: ${mib(rss)} (before the scan: ${mib(rssBefore)}); target ≥ 200 templates/s wall-clock: ${rate >= 200 ? 'met' : 'NOT met in this run'}; by CPU time: ${perCpu * cores >= 200 ? 'met' : 'NOT met'}; target < 1 GiB: ${rss < 1024 * 1024 ? 'met' : 'NOT met'}.\n`);
  console.log(peerLine);
  if (ratio) console.log(`\n${ratio}`);
  await rm(work, { recursive: true, force: true });
}
