import { describe, expect, it } from 'vitest';
import { checkAccessNotGranted, checkNoNewAccess } from './check.js';
import { policiesFromDocument } from './load.js';
import { normalizePolicies } from './policy.js';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const grant = (d: unknown) => normalizePolicies(policiesFromDocument(d, 'policy.json'), (e) => (e === 'Allow' ? 'wide' : 'narrow'));
const reference = (d: unknown) => normalizePolicies(policiesFromDocument(d, 'existing.json'), (e) => (e === 'Allow' ? 'narrow' : 'wide'));

describe('IAM Access Analyzer launch-post examples', () => {
  const ownerOnly = doc({
    Effect: 'Allow',
    Action: ['ec2:StartInstances', 'ec2:StopInstances'],
    Resource: 'arn:aws:ec2:*:*:instance/*',
    Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' } },
  });

  it('1. dropping the aws:ResourceTag/Owner condition on Start/StopInstances fails check-no-new-access', () => {
    const dropped = doc({ Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: 'arn:aws:ec2:*:*:instance/*' });
    const r = checkNoNewAccess(grant(dropped), reference(ownerOnly));
    expect(r.result).toBe('FAIL');
    expect(r.reasons).toEqual([expect.objectContaining({ statementIndex: 0, description: expect.stringMatching(/aws:ResourceTag\/Owner/) })]);
    expect(checkNoNewAccess(grant(ownerOnly), reference(ownerOnly)).result).toBe('PASS');
  });

  it('2. granting dynamodb:Delete* fails check-access-not-granted for dynamodb:DeleteTable', () => {
    const policy = doc({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Delete*'], Resource: 'arn:aws:dynamodb:*:*:table/orders' });
    const r = checkAccessNotGranted(grant(policy), ['dynamodb:DeleteTable']);
    expect(r.result).toBe('FAIL');
    expect(r.reasons[0]).toMatchObject({ statementIndex: 0, description: expect.stringMatching(/dynamodb:DeleteTable.*dynamodb:Delete\*/) });
    const readOnly = doc({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: '*' });
    expect(checkAccessNotGranted(grant(readOnly), ['dynamodb:DeleteTable']).result).toBe('PASS');
  });

  it('3. a reference policy denying iam:PassRole on my-sensitive-roles fails a policy that passes such a role', () => {
    const ref = doc(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/my-sensitive-roles/*' },
    );
    const bad = doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/my-sensitive-roles/my-custom-admin-role' });
    const r = checkNoNewAccess(grant(bad), reference(ref));
    expect(r.result).toBe('FAIL');
    expect(r.reasons[0]!.description).toMatch(/denies/);
    const fine = doc({ Effect: 'Allow', Action: ['iam:PassRole', 's3:GetObject'], Resource: 'arn:aws:iam::123456789012:role/app-roles/worker' });
    expect(checkNoNewAccess(grant(fine), reference(ref)).result).toBe('PASS');
  });
});

describe('check-access-not-granted', () => {
  it('understands NotAction, resources and unconditional denies', () => {
    const p = grant(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
    expect(checkAccessNotGranted(p, ['iam:CreateUser']).result).toBe('PASS');
    expect(checkAccessNotGranted(p, ['s3:DeleteBucket']).result).toBe('FAIL');
    const scoped = grant(doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }));
    expect(checkAccessNotGranted(scoped, ['s3:DeleteObject'], ['arn:aws:s3:::data/*']).result).toBe('PASS');
    expect(checkAccessNotGranted(scoped, ['s3:DeleteObject'], ['arn:aws:s3:::logs/a.txt']).result).toBe('FAIL');
    const denied = grant(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }));
    expect(checkAccessNotGranted(denied, ['s3:DeleteBucket']).result).toBe('PASS');
    // A conditional deny may not apply, so it is not relied on.
    const conditional = grant(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }));
    expect(checkAccessNotGranted(conditional, ['s3:DeleteBucket']).result).toBe('FAIL');
  });
});

describe('check-no-new-access', () => {
  const base = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'], Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
  it.each([
    ['the same policy', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), 'PASS'],
    ['a narrower CIDR', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/app/*', Condition: { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } } }), 'PASS'],
    ['a widened CIDR', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }), 'FAIL'],
    ['a new action', doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), 'FAIL'],
    ['a wildcard action', doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::logs/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), 'FAIL'],
    ['a new resource', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), 'FAIL'],
    ['NotResource', doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::data/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), 'FAIL'],
    ['an unknown operator instead of the condition', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { FancyMatch: { 'aws:SourceIp': '10.0.0.0/8' } } }), 'FAIL'],
    ['only a deny', doc({ Effect: 'Deny', Action: '*', Resource: '*' }), 'PASS'],
  ])('%s → %s', (_name, added, expected) => {
    expect(checkNoNewAccess(grant(added), reference(base)).result).toBe(expected);
  });

  it('compares condition bounds, patterns and IfExists soundly', () => {
    const existing = reference(doc({ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { NumericLessThanEquals: { 'ec2:VolumeSize': '100' }, StringLike: { 'aws:PrincipalTag/team': 'platform-*' } } }));
    const ok = doc({ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { NumericLessThan: { 'ec2:VolumeSize': '50' }, StringEquals: { 'aws:PrincipalTag/team': 'platform-core' } } });
    expect(checkNoNewAccess(grant(ok), existing).result).toBe('PASS');
    const bigger = doc({ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { NumericLessThanEquals: { 'ec2:VolumeSize': '500' }, StringEquals: { 'aws:PrincipalTag/team': 'platform-core' } } });
    expect(checkNoNewAccess(grant(bigger), existing).result).toBe('FAIL');
    const ifExists = doc({ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { NumericLessThanEqualsIfExists: { 'ec2:VolumeSize': '50' }, StringEquals: { 'aws:PrincipalTag/team': 'platform-core' } } });
    expect(checkNoNewAccess(grant(ifExists), existing).result).toBe('FAIL');
  });

  it('treats values computed by CloudFormation conservatively', () => {
    const template = {
      Resources: {
        AppRole: {
          Type: 'AWS::IAM::Role',
          Properties: { Policies: [{ PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' } }) }] },
        },
      },
    };
    const added = grant(template);
    expect(added[0]).toMatchObject({ source: 'AppRole/read', resources: { patterns: ['arn:aws:s3:::*/*'] } });
    expect(checkNoNewAccess(added, reference(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }))).result).toBe('FAIL');
    expect(checkNoNewAccess(added, reference(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))).result).toBe('PASS');
    // As the existing side, a computed resource grants nothing that can be relied on.
    expect(reference(template)[0]!.resources.patterns).toEqual([]);
  });

  it('compares principals of resource policies', () => {
    const existing = reference(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }));
    const same = doc({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' });
    const anyone = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' });
    expect(checkNoNewAccess(grant(same), existing).result).toBe('PASS');
    expect(checkNoNewAccess(grant(anyone), existing).result).toBe('FAIL');
  });

  it('accepts access split across several existing statements, one action or resource each', () => {
    const existing = reference(doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: ['arn:aws:s3:::logs/*', 'arn:aws:s3:::data/*'] },
    ));
    const added = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::logs/*' });
    expect(checkNoNewAccess(grant(added), existing).result).toBe('PASS');
    const tooMuch = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::data/*' });
    const r = checkNoNewAccess(grant(tooMuch), existing);
    expect(r.result).toBe('FAIL');
    expect(r.reasons[0]!.description).toMatch(/s3:GetObject on arn:aws:s3:::data\/\*/);
  });
});
