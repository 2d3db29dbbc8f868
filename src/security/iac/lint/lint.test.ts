import { describe, expect, it } from 'vitest';
import { scanText } from '../testing.js';

const lintOf = (source: string) => scanText('template.yaml', source, true).filter((f) => f.ruleId.startsWith('PAVED-LINT-'));
const ids = (source: string) => lintOf(source).map((f) => f.ruleId);

const clean = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes:
    dev: { Memory: 128 }
    prod: { Memory: 1024 }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-\${Env}-data'
      VersioningConfiguration: !If [IsProd, { Status: Enabled }, !Ref AWS::NoValue]
      Tags:
        - Key: size
          Value: !FindInMap [Sizes, !Ref Env, Memory]
  Topic:
    Type: AWS::SNS::Topic
    DependsOn: Bucket
    Properties:
      TopicName: !GetAtt Bucket.Arn
Outputs:
  BucketArn:
    Value: !GetAtt Bucket.Arn
    Export:
      Name: !Sub '\${AWS::StackName}-bucket'
`;

describe('CloudFormation lint', () => {
  it('reports nothing on a correct template that uses intrinsics everywhere', () => {
    expect(lintOf(clean)).toEqual([]);
  });

  it('suggests the right property for a misspelt one and reports the missing required one', () => {
    const found = lintOf(`Resources:\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcName: vpc-1\n`);
    const unknown = found.find((f) => f.ruleId === 'PAVED-LINT-E3002');
    expect(unknown?.message).toContain('did you mean VpcId?');
    expect(unknown?.line).toBe(5);
    expect(unknown?.resource).toBe('Subnet');
    expect(found.map((f) => f.ruleId)).toContain('PAVED-LINT-E3003');
  });

  it('reports unknown resource types with a suggestion', () => {
    const found = lintOf(`Resources:\n  B:\n    Type: AWS::S3::Buckett\n`);
    expect(found[0].ruleId).toBe('PAVED-LINT-E3001');
    expect(found[0].message).toContain('AWS::S3::Bucket');
    expect(found[0].line).toBe(3);
  });

  it('reports wrong types and enum values, but never for intrinsic values', () => {
    const source = `Parameters:\n  Acl:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: [a, b]\n      AccessControl: Publicc\n      ObjectLockEnabled: maybe\n  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: !Ref Acl\n      BucketName: !Join ['-', [a, b]]\n      ObjectLockEnabled: !If [Never, true, false]\nConditions:\n  Never: !Equals [a, b]\n`;
    const found = lintOf(source);
    const byLine = found.map((f) => `${f.ruleId}@${f.line}`);
    expect(byLine).toContain('PAVED-LINT-E3012@8');
    expect(byLine).toContain('PAVED-LINT-E3030@9');
    expect(byLine).toContain('PAVED-LINT-E3012@10');
    expect(found.filter((f) => f.resource === 'C')).toEqual([]);
  });

  it('checks nested property types (a map inside a list inside a map)', () => {
    const found = lintOf(`Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n              KmsMasterKeyId: k\n`);
    expect(found.map((f) => f.ruleId)).toEqual(['PAVED-LINT-E3002']);
    expect(found[0].message).toContain('KMSMasterKeyID');
  });

  it('reports Ref, GetAtt and Sub to things that do not exist, including unknown attributes', () => {
    const found = ids(`Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Missing\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt B.Nope\n      DisplayName: !Sub '\${Nothing}-x'\n      KmsMasterKeyId: !GetAtt Ghost.Arn\n`);
    expect(found.filter((id) => id === 'PAVED-LINT-E1012')).toHaveLength(1);
    expect(found.filter((id) => id === 'PAVED-LINT-E1010')).toHaveLength(2);
    expect(found).toContain('PAVED-LINT-E1019');
  });

  it('reports DependsOn to missing resources and circular dependencies', () => {
    const found = lintOf(`Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: [B, Nobody]\n  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt A.TopicName\n`);
    expect(found.map((f) => f.ruleId).sort()).toEqual(['PAVED-LINT-E3004', 'PAVED-LINT-E3005']);
    expect(found.find((f) => f.ruleId === 'PAVED-LINT-E3004')?.message).toMatch(/A → B → A|B → A → B/);
  });

  it('reports unused parameters, conditions and mappings, and malformed outputs', () => {
    const found = ids(`Parameters:\n  P:\n    Type: String\nConditions:\n  C: !Equals [a, b]\nMappings:\n  M:\n    a: { b: c }\nResources:\n  T:\n    Type: AWS::SNS::Topic\nOutputs:\n  O:\n    Description: nothing\n  E:\n    Value: x\n    Export: {}\n`);
    expect(found.sort()).toEqual(['PAVED-LINT-E6002', 'PAVED-LINT-E6002', 'PAVED-LINT-W2001', 'PAVED-LINT-W7001', 'PAVED-LINT-W8001']);
  });

  it('reports undefined conditions and unknown top-level sections', () => {
    const found = ids(`Resource:\n  X: 1\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Condition: Nope\n`);
    expect(found).toContain('PAVED-LINT-E8002');
    expect(found).toContain('PAVED-LINT-E1001');
  });

  it('does not check SAM resources or names a transform may create', () => {
    const found = ids(`Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      CodeUri: src/\nOutputs:\n  Role:\n    Value: !GetAtt FnRole.Arn\n`);
    expect(found).toEqual([]);
  });
});
