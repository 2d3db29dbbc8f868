// Guard engine throughput: 100 rules × 1,000 CloudFormation templates of ~50 resources each, validated
// end to end (read + parse every template with locations, evaluate every rule). Target: ≤ 10 s on the
// 2-core reference machine. The peer, cfn-guard (Rust), cannot be installed here (no crate registry
// access), so the section reports absolute figures only.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { parseData } from '../src/security/guard/data.js';
import { evaluateRules } from '../src/security/guard/evaluate.js';
import { starterPackRulesDir } from '../src/security/guard/pack.js';
import { parseRules } from '../src/security/guard/parser.js';

const templates = 1000;
const resourcesPerTemplate = 50;
const ruleCount = 100;

const types = ['AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::DynamoDB::Table', 'AWS::Lambda::Function', 'AWS::EC2::Volume', 'AWS::EC2::SecurityGroup', 'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::RDS::DBInstance'];

function resource(i: number, seed: number): string {
  const type = types[(i + seed) % types.length]!;
  const flag = (i * 7 + seed) % 3 === 0;
  const props: string[] = [`      Name: res-${seed}-${i}`, `      Tags:`, `        - { Key: owner, Value: team-${i % 5} }`];
  if (flag) props.push(`        - { Key: cost-center, Value: "${i}" }`);
  switch (type) {
    case 'AWS::S3::Bucket':
      if (flag) props.push('      BucketEncryption:', '        ServerSideEncryptionConfiguration:', '          - ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms }');
      props.push('      VersioningConfiguration: { Status: Enabled }');
      break;
    case 'AWS::EC2::SecurityGroup':
      props.push('      GroupDescription: web', '      SecurityGroupIngress:', `        - { IpProtocol: tcp, FromPort: ${flag ? 22 : 443}, ToPort: ${flag ? 22 : 443}, CidrIp: 0.0.0.0/0 }`);
      break;
    case 'AWS::Lambda::Function':
      props.push(`      Runtime: ${flag ? 'nodejs12.x' : 'nodejs20.x'}`, '      Handler: index.handler', '      Role: !GetAtt Role.Arn');
      break;
    case 'AWS::IAM::Role':
      props.push('      AssumeRolePolicyDocument: { Statement: [] }', '      Policies:', '        - PolicyName: p', '          PolicyDocument:', '            Statement:', `              - { Effect: Allow, Action: "${flag ? '*' : 's3:GetObject'}", Resource: "*" }`);
      break;
    default:
      props.push(`      Encrypted: ${flag}`, `      KmsMasterKeyId: !Ref Key${i}`, `      Size: ${10 + (i % 90)}`);
  }
  return [`  Res${i}:`, `    Type: ${type}`, `    Properties:`, ...props].join('\n');
}

/** Generated rules of the common shapes: type blocks, filtered variables with when guards, some, regex, IN. */
function generatedRule(i: number): string {
  const type = types[i % types.length]!;
  const v = `r${i}`;
  switch (i % 5) {
    case 0:
      return `rule gen_${i} { ${type} { Properties.Tags[*].Key IN ['owner', 'cost-center', 'env'] } }`;
    case 1:
      return `let ${v} = Resources.*[ Type == '${type}' ]\nrule gen_${i} when %${v} !empty { %${v}.Properties.Name == /^res-\\d+-\\d+$/ }`;
    case 2:
      return `rule gen_${i} { ${type} { some Properties.Tags[*].Key == 'owner'\n Properties.Name exists } }`;
    case 3:
      return `let ${v} = Resources.*[ Type == '${type}'\n Properties.Size exists ]\nrule gen_${i} when %${v} !empty { %${v}.Properties.Size IN r[1, 100] }`;
    default:
      return `rule gen_${i} { Resources.*[ Type == '${type}' ] { Properties.Name is_string\n Properties.Missing${i} !exists or Properties.Missing${i} == 'x' } }`;
  }
}

interface Job {
  dir: string;
  files: string[];
  generated: string;
}

/** Validates a share of the templates against the pack and the generated rules; returns FAIL count. */
async function validateShare(job: Job): Promise<{ statuses: number; failures: number }> {
  const packDir = starterPackRulesDir();
  const packFiles = (await readdir(packDir)).filter((f) => f.endsWith('.guard')).sort();
  const ruleFiles = await Promise.all(packFiles.map(async (f) => parseRules(await readFile(join(packDir, f), 'utf8'), f)));
  ruleFiles.push(parseRules(job.generated, 'generated.guard'));
  let statuses = 0;
  let failures = 0;
  for (const name of job.files) {
    const data = parseData(await readFile(join(job.dir, name), 'utf8'), name);
    for (const rf of ruleFiles) for (const r of evaluateRules(rf, data)) {
      statuses++;
      if (r.status === 'FAIL') failures++;
    }
  }
  return { statuses, failures };
}

if (!isMainThread && (workerData as { guardBench?: Job } | null)?.guardBench) {
  void validateShare((workerData as { guardBench: Job }).guardBench).then((r) => parentPort!.postMessage(r));
}

async function parallel(job: Job, workers: number): Promise<{ ms: number; statuses: number; failures: number }> {
  const start = performance.now();
  const shares = Array.from({ length: workers }, (_, w) => job.files.filter((_, i) => i % workers === w));
  const results = await Promise.all(
    shares.map(
      (files) =>
        new Promise<{ statuses: number; failures: number }>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { guardBench: { ...job, files } } });
          worker.once('message', (m) => {
            resolve(m as { statuses: number; failures: number });
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
  return { ms: performance.now() - start, statuses: results.reduce((n, r) => n + r.statuses, 0), failures: results.reduce((n, r) => n + r.failures, 0) };
}

export default async function (): Promise<void> {
  const work = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'bench', '.work', 'guard');
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, 'data'), { recursive: true });
  for (let t = 0; t < templates; t++) {
    const body = Array.from({ length: resourcesPerTemplate }, (_, i) => resource(i, t)).join('\n');
    await writeFile(join(work, 'data', `t${t}.yaml`), `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${body}\n`);
  }
  // The starter pack's rules plus generated ones, 100 named rules in all.
  const packDir = starterPackRulesDir();
  const packFiles = (await readdir(packDir)).filter((f) => f.endsWith('.guard')).sort();
  const ruleFiles = await Promise.all(packFiles.map(async (f) => parseRules(await readFile(join(packDir, f), 'utf8'), f)));
  const packRules = ruleFiles.reduce((n, f) => n + f.rules.length, 0);
  const generated = Array.from({ length: ruleCount - packRules }, (_, i) => generatedRule(i)).join('\n');
  ruleFiles.push(parseRules(generated, 'generated.guard'));
  const totalRules = ruleFiles.reduce((n, f) => n + f.rules.length, 0);

  const files = (await readdir(join(work, 'data'))).sort();
  let parseMs = 0;
  let evalMs = 0;
  let failures = 0;
  let statuses = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const loadBefore = loadavg()[0]!;
  for (const name of files) {
    const t0 = performance.now();
    const data = parseData(await readFile(join(work, 'data', name), 'utf8'), name);
    const t1 = performance.now();
    for (const rf of ruleFiles) {
      for (const r of evaluateRules(rf, data)) {
        statuses++;
        if (r.status === 'FAIL') failures++;
      }
    }
    parseMs += t1 - t0;
    evalMs += performance.now() - t1;
  }
  const totalMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const loadAfter = loadavg()[0]!;
  // The same work split over two worker threads (one per core of the reference machine).
  const two = await parallel({ dir: join(work, 'data'), files, generated }, 2);
  if (two.statuses !== statuses || two.failures !== failures) throw new Error('parallel run disagrees with the sequential one');
  await rm(work, { recursive: true, force: true });

  console.log(`Corpus: ${files.length} templates × ${resourcesPerTemplate} resources (generated), ${totalRules} rules (${packRules} from the starter pack + ${totalRules - packRules} generated).`);
  console.log(`Command: \`npx tsc -p . && node dist/bench/run.js guard\`\n`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| total (read + parse + evaluate) | ${(totalMs / 1000).toFixed(2)} s |`);
  console.log(`| reading and parsing templates (YAML with locations) | ${(parseMs / 1000).toFixed(2)} s |`);
  console.log(`| evaluating rules | ${(evalMs / 1000).toFixed(2)} s |`);
  console.log(`| CPU time of the process (user + system) | ${(cpuMs / 1000).toFixed(2)} s |`);
  console.log(`| per template | ${(totalMs / files.length).toFixed(2)} ms |`);
  console.log(`| rule evaluations per second | ${Math.round(statuses / (totalMs / 1000)).toLocaleString('en-US')} |`);
  console.log(`| FAIL statuses found | ${failures.toLocaleString('en-US')} of ${statuses.toLocaleString('en-US')} |`);
  console.log(`| same work on 2 worker threads (wall) | ${(two.ms / 1000).toFixed(2)} s |`);
  console.log(`| target (≤ 10 s wall, one thread) | ${totalMs <= 10_000 ? 'met' : 'NOT met'} |`);
  console.log(`| machine load average (1 min) before / after | ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} |`);
  console.log('\nPeer: cfn-guard (Rust) could not be measured in the same run: it is not installable here (the crate registry is unreachable from this machine), so no ratio is given.');
}
