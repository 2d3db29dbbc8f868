import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPaved } from '../guard/test-io.js';

describe('paved iam', () => {
  let dir: string;
  const f = (name: string) => join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paved-iam-'));
    await writeFile(f('delete.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:Delete*', Resource: '*' }] }));
    await writeFile(f('broken.json'), '{"Statement": [');
    await writeFile(f('noeffect.json'), JSON.stringify({ Statement: [{ Action: 's3:*', Resource: '*' }] }));
    await writeFile(f('stack.yaml'), `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [ec2:StartInstances, ec2:StopInstances]
                Resource: !Sub arn:aws:ec2:\${AWS::Region}:\${AWS::AccountId}:instance/*
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: s3:GetObject, Resource: "*" }
`);
    await writeFile(f('existing.json'), JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' } } }],
    }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('check-access-not-granted: exit 1 with JSON reasons on FAIL, 0 on PASS', async () => {
    const fail = await runPaved(['iam', 'check-access-not-granted', '--policy', f('delete.json'), '--actions', 'dynamodb:DeleteTable', '--json']);
    expect(fail.code).toBe(1);
    const out = JSON.parse(fail.stdout);
    expect(out).toMatchObject({ result: 'FAIL', reasons: [{ statementIndex: 0 }] });
    expect(typeof out.message).toBe('string');
    const pass = await runPaved(['iam', 'check-access-not-granted', '--policy', f('delete.json'), '--actions', 'dynamodb:PutItem,s3:GetObject']);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^PASS: /);
  });

  it('reads every IAM policy of a CloudFormation template and names the resource', async () => {
    const r = await runPaved(['iam', 'check-access-not-granted', '--policy', f('stack.yaml'), '--actions', 's3:GetObject', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons[0]).toMatchObject({ policy: 'Managed/PolicyDocument', statementIndex: 1 });
    const only = await runPaved(['iam', 'check-access-not-granted', '--policy', f('stack.yaml'), '--resource', 'Role', '--actions', 's3:GetObject']);
    expect(only.code).toBe(0);
  });

  it('check-no-new-access: a role without the Owner condition is new access (exit 1)', async () => {
    const r = await runPaved(['iam', 'check-no-new-access', '--new', f('stack.yaml'), '--new-resource', 'Role', '--existing', f('existing.json'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons[0].description).toMatch(/aws:ResourceTag\/Owner/);
    const same = await runPaved(['iam', 'check-no-new-access', '--new', f('existing.json'), '--existing', f('existing.json')]);
    expect(same.code).toBe(0);
  });

  it('bad input exits 2 with a message naming the file and place', async () => {
    const broken = await runPaved(['iam', 'check-access-not-granted', '--policy', f('broken.json'), '--actions', 's3:GetObject']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json:1:/);
    const noEffect = await runPaved(['iam', 'check-access-not-granted', '--policy', f('noeffect.json'), '--actions', 's3:GetObject']);
    expect(noEffect.code).toBe(2);
    expect(noEffect.stderr).toMatch(/Statement\[0\]: Effect must be/);
    expect((await runPaved(['iam', 'check-access-not-granted', '--policy', f('missing.json'), '--actions', 's3:GetObject'])).code).toBe(2);
    expect((await runPaved(['iam', 'check-access-not-granted', '--policy', f('delete.json')])).code).toBe(2);
    expect((await runPaved(['iam', 'check-no-new-access', '--new', f('delete.json')])).code).toBe(2);
  });
});
