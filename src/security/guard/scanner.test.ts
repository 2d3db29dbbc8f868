import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../kernel/errors.js';
import { policyScanner } from './scanner.js';

describe('policy scanner (paved scan --policy)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'paved-policy-'));
    await writeFile(join(root, 'stack.yaml'), `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: logs
  Disk:
    Type: AWS::EC2::Volume
    Properties:
      Size: 10
      Encrypted: !Ref EncryptIt
`);
    await writeFile(join(root, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
    await writeFile(join(root, 'broken.json'), '{"Resources": {"A": }');
    await writeFile(join(root, 'mine.guard'), '# Volumes must be small\n# severity: critical\nrule small_volumes { AWS::EC2::Volume { Properties.Size <= 5 } }\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('runs the starter pack by default and maps failures to findings with file, line and resource', async () => {
    const result = await policyScanner.scan({ root });
    const enc = result.findings.find((f) => f.ruleId === 's3_bucket_encryption');
    expect(enc).toMatchObject({ scanner: 'policy', severity: 'high', file: 'stack.yaml', line: 6, resource: 'Logs' });
    expect(enc!.message).toMatch(/BucketEncryption/);
    const ebs = result.findings.find((f) => f.ruleId === 'ebs_volume_encrypted');
    expect(ebs).toMatchObject({ resource: 'Disk', line: 11 });
    expect(result.findings.some((f) => f.file === 'compose.yaml')).toBe(false);
    const parse = result.findings.find((f) => f.ruleId === 'guard-data-parse-error');
    expect(parse).toMatchObject({ file: 'broken.json', line: 1 });
    expect(result.rules.length).toBeGreaterThanOrEqual(25);
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(result.findings.length);
  });

  it('runs the given --policy files with the severity from their header', async () => {
    const result = await policyScanner.scan({ root, options: { policy: [join(root, 'mine.guard')] } });
    expect(result.findings.filter((f) => f.ruleId !== 'guard-data-parse-error')).toEqual([
      expect.objectContaining({ ruleId: 'small_volumes', severity: 'critical', title: 'Volumes must be small', resource: 'Disk', line: 10 }),
    ]);
  });

  it('refuses a missing or unparsable policy with an input error naming the place', async () => {
    await expect(policyScanner.scan({ root, options: { policy: [join(root, 'nope')] } })).rejects.toBeInstanceOf(InputError);
    await writeFile(join(root, 'bad.guard'), 'rule x {\n  Properties.A ==\n}\n');
    await expect(policyScanner.scan({ root, options: { policy: [join(root, 'bad.guard')] } })).rejects.toThrow(/bad\.guard:3:1: expected a value/);
  });

  it('lists the starter pack rules', () => {
    const rules = policyScanner.listRules();
    expect(rules.length).toBeGreaterThanOrEqual(25);
    expect(rules.find((r) => r.id === 'kms_key_rotation')).toMatchObject({ scanner: 'policy', severity: 'medium' });
  });
});
