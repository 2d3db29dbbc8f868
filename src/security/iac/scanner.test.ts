// End to end over fixture folders: secure examples scan clean, insecure ones are caught with file,
// line and resource; broken files become IAC.PARSE findings; suppressions keep findings visible.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iacScanner } from './index.js';
import type { Finding } from '../finding.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url).href.replace('/dist/', '/'));
const active = (fs: Finding[]) => fs.filter((f) => !f.suppressed);
const summary = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.resource ?? ''}`);

describe('iac scanner over fixtures', () => {
  it('finds nothing in the secure examples (all four languages, lint included)', async () => {
    const result = await iacScanner.scan({ root: join(fixtures, 'secure') });
    expect(summary(active(result.findings))).toEqual([]);
    expect(result.scanned).toBe(4);
  });

  it('catches the insecure examples with file, line and resource', async () => {
    const progress: number[] = [];
    const result = await iacScanner.scan({ root: join(fixtures, 'insecure'), onProgress: (d) => progress.push(d) });
    const got = summary(result.findings);
    for (const expected of [
      'storage.yaml:11 PAVED-S3-008 Data',
      'storage.yaml:16 PAVED-S3-009 DataPolicy',
      'storage.yaml:26 PAVED-EC2-001 Ssh',
      'storage.yaml:40 PAVED-RDS-003 Database',
      'storage.yaml:39 PAVED-SECRETS-002 Database',
      'storage.yaml:34 PAVED-RDS-001 Database',
      'storage.yaml:4 PAVED-SECRETS-001 DbPassword',
      'storage.yaml:44 PAVED-IAM-001 Admin',
      'main.tf:7 PAVED-S3-008 aws_s3_bucket.logs',
      'main.tf:12 PAVED-EC2-002 aws_security_group.admin',
      'main.tf:24 PAVED-EC2-008 aws_instance.app',
      'main.tf:21 PAVED-EC2-007 aws_instance.app',
      'deployment.yaml:14 PAVED-K8S-001 Deployment/shop/web',
      'deployment.yaml:9 PAVED-K8S-004 Deployment/shop/web',
      'deployment.yaml:12 PAVED-K8S-008 Deployment/shop/web',
      'Dockerfile:1 PAVED-DOCKER-003 stage 0',
      'Dockerfile:2 PAVED-DOCKER-004 stage 0',
      'Dockerfile:3 PAVED-DOCKER-002 stage 0',
      'Dockerfile:1 PAVED-DOCKER-001 stage 0',
    ])
      expect(got).toContain(expected);
    expect(progress.at(-1)).toBe(4);
    // Secrets are reported, never printed.
    expect(JSON.stringify(result.findings)).not.toContain('wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY');
    expect(JSON.stringify(result.findings)).not.toContain('changeme123');
  });

  it('lists rules with metadata for --list-rules and SARIF', () => {
    const rules = iacScanner.listRules();
    const s3 = rules.find((r) => r.id === 'PAVED-S3-002')!;
    expect(s3.references).toContain('[S3.14] AWS Foundational Security Best Practices');
    expect(s3.equivalents?.checkov).toEqual(['CKV_AWS_21']);
    expect(rules.map((r) => r.id)).toContain('PAVED-LINT-E3002');
    expect(rules.map((r) => r.id)).toContain('IAC.PARSE');
    expect(rules.every((r) => r.scanner === 'iac')).toBe(true);
  });
});

describe('iac scanner on broken and suppressed input', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'paved-iac-'));
    await mkdir(join(root, 'tf'));
    await mkdir(join(root, 'k8s'));
    await writeFile(join(root, 'broken.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: [1, 2\n');
    await writeFile(join(root, 'broken.json'), '{"Resources": {"A": }');
    await writeFile(join(root, 'tf', 'broken.tf'), 'resource "aws_s3_bucket" "x" {\n');
    await writeFile(join(root, 'tf', 'ok.tf'), '# paved:skip=PAVED-S3-008 public website bucket, content is public by design\nresource "aws_s3_bucket" "site" {\n  acl = "public-read"\n  # checkov:skip=CKV_AWS_21:static site, rebuilt from git\n}\n');
    await writeFile(join(root, 'Dockerfile'), 'RUN echo no from\n');
    await writeFile(join(root, 'package.json'), '{"name": "not iac"}');
    await writeFile(join(root, 'ci.yml'), 'on: push\njobs: {}\n');
    await writeFile(
      join(root, 'stack.yaml'),
      [
        'Resources:',
        '  Site:',
        '    Type: AWS::S3::Bucket',
        '    Metadata:',
        '      paved:',
        '        skip:',
        '          - id: PAVED-S3-008',
        '            reason: public website',
        '      cfn_nag:',
        '        rules_to_suppress:',
        '          - id: W35',
        '            reason: logs go to CloudFront',
        '      checkov:',
        '        skip:',
        '          - id: CKV_AWS_21',
        '            comment: rebuilt from git',
        '          - id: CKV_AWS_19',
        '    Properties:',
        '      AccessControl: PublicRead',
        'Parameters:',
        '  Unused: { Type: String }',
      ].join('\n'),
    );
    await writeFile(join(root, 'k8s', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  annotations:\n    paved.dev/skip: "PAVED-K8S-004: node network debugging pod; PAVED-K8S-001"\nspec:\n  hostNetwork: true\n  containers:\n    - name: d\n      image: busybox:1.36\n      securityContext: { privileged: true }\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('turns parse errors into IAC.PARSE findings with lines and skips files that are not IaC', async () => {
    const result = await iacScanner.scan({ root });
    const parse = result.findings.filter((f) => f.ruleId === 'IAC.PARSE').map((f) => `${f.file}:${f.line > 0}`);
    expect(parse.sort()).toEqual(['Dockerfile:true', 'broken.json:true', 'broken.yaml:true', 'tf/broken.tf:true']);
    expect(result.findings.some((f) => f.file === 'package.json' || f.file === 'ci.yml')).toBe(false);
  });

  it('applies Paved, cfn_nag and Checkov suppressions with reasons, and reports those without', async () => {
    const result = await iacScanner.scan({ root });
    const stack = result.findings.filter((f) => f.file === 'stack.yaml');
    const by = (id: string) => stack.find((f) => f.ruleId === id);
    expect(by('PAVED-S3-008')?.suppressed).toEqual({ reason: 'public website', source: 'metadata' });
    expect(by('PAVED-S3-003')?.suppressed).toEqual({ reason: 'logs go to CloudFront', source: 'cfn_nag' });
    expect(by('PAVED-S3-002')?.suppressed).toEqual({ reason: 'rebuilt from git', source: 'checkov' });
    expect(by('PAVED-S3-001')?.suppressed).toBeUndefined(); // CKV_AWS_19 skipped without a comment
    expect(by('IAC.SUPPRESSION')?.message).toContain('CKV_AWS_19');
    expect(by('IAC.SUPPRESSION')?.line).toBe(17);

    const tf = result.findings.filter((f) => f.file === 'tf/ok.tf');
    expect(tf.find((f) => f.ruleId === 'PAVED-S3-008')?.suppressed?.source).toBe('inline');
    expect(tf.find((f) => f.ruleId === 'PAVED-S3-002')?.suppressed).toEqual({ reason: 'static site, rebuilt from git', source: 'checkov' });

    const pod = result.findings.filter((f) => f.file === 'k8s/pod.yaml');
    expect(pod.find((f) => f.ruleId === 'PAVED-K8S-004')?.suppressed).toEqual({ reason: 'node network debugging pod', source: 'annotation' });
    expect(pod.find((f) => f.ruleId === 'PAVED-K8S-001')?.suppressed).toBeUndefined();
    expect(pod.find((f) => f.ruleId === 'IAC.SUPPRESSION')?.message).toContain('PAVED-K8S-001');
  });

  it('skips the lint when asked', async () => {
    const withLint = await iacScanner.scan({ root });
    const without = await iacScanner.scan({ root, options: { 'no-lint': true } });
    expect(withLint.findings.some((f) => f.ruleId.startsWith('PAVED-LINT-'))).toBe(true);
    expect(without.findings.some((f) => f.ruleId.startsWith('PAVED-LINT-'))).toBe(false);
  });
});

describe('intrinsic-aware evaluation in rules', () => {
  const scan = async (template: string) => {
    const root = await mkdtemp(join(tmpdir(), 'paved-iac-eval-'));
    try {
      await writeFile(join(root, 't.yaml'), template);
      return (await iacScanner.scan({ root, options: { 'no-lint': true } })).findings;
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  };
  const volume = (encrypted: string, extra = '') => `AWSTemplateFormatVersion: '2010-09-09'\n${extra}Resources:\n  Vol:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: a\n      Encrypted: ${encrypted}\n`;

  it('uses a parameter default', async () => {
    expect((await scan(volume('!Ref Enc', 'Parameters:\n  Enc: { Type: String, Default: "false" }\n'))).map((f) => f.ruleId)).toContain('PAVED-EC2-005');
    expect((await scan(volume('!Ref Enc', 'Parameters:\n  Enc: { Type: String, Default: "true" }\n'))).map((f) => f.ruleId)).not.toContain('PAVED-EC2-005');
  });
  it('checks both branches of Fn::If', async () => {
    const extra = 'Conditions:\n  C: !Equals [a, b]\n';
    expect((await scan(volume('!If [C, true, false]', extra))).map((f) => f.ruleId)).toContain('PAVED-EC2-005');
    expect((await scan(volume('!If [C, true, true]', extra))).map((f) => f.ruleId)).not.toContain('PAVED-EC2-005');
  });
  it('treats unknowable values as neither pass nor fail', async () => {
    expect((await scan(volume('!Ref Enc', 'Parameters:\n  Enc: { Type: String }\n'))).map((f) => f.ruleId)).not.toContain('PAVED-EC2-005');
    expect((await scan(volume('!ImportValue shared-encryption'))).map((f) => f.ruleId)).not.toContain('PAVED-EC2-005');
  });
});
