import { describe, expect, it } from 'vitest';
import { parseYaml, SourceError } from './yaml.js';
import { parseCloudFormation, looksLikeCloudFormation } from './cloudformation.js';
import { parseKubernetes } from './kubernetes.js';
import { parseDockerfile, looksLikeDockerfile } from './dockerfile.js';
import { buildModule, parseTerraformFile } from './terraform.js';
import { UNKNOWN } from '../model.js';

describe('CloudFormation YAML', () => {
  it('turns every short-form intrinsic tag into its long form', () => {
    const source = [
      'Resources:',
      '  R:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      A: !Ref P',
      '      B: !Sub "${AWS::StackName}-x"',
      '      C: !GetAtt Bucket.Arn',
      '      D: !GetAtt [Bucket, Arn]',
      '      E: !If [Cond, a, b]',
      '      F: !Equals [a, b]',
      '      G: !And [!Condition X, !Condition Y]',
      '      H: !Or [!Condition X, !Condition Y]',
      '      I: !Not [!Condition X]',
      '      J: !Join ["-", [a, b]]',
      '      K: !Select [0, !GetAZs ""]',
      '      L: !Split [",", "a,b"]',
      '      M: !FindInMap [Map, k1, k2]',
      '      N: !Base64 text',
      '      O: !Cidr [10.0.0.0/16, 4, 8]',
      '      Q: !ImportValue shared',
      '      S: !Transform { Name: AWS::Include, Parameters: { Location: s3://x } }',
      '      T: !GetAtt Db.Endpoint.Address',
    ].join('\n');
    const { template } = parseCloudFormation(source);
    const p = (template.Resources as any).R.Properties;
    expect(p.A).toEqual({ Ref: 'P' });
    expect(p.B).toEqual({ 'Fn::Sub': '${AWS::StackName}-x' });
    expect(p.C).toEqual({ 'Fn::GetAtt': ['Bucket', 'Arn'] });
    expect(p.D).toEqual({ 'Fn::GetAtt': ['Bucket', 'Arn'] });
    expect(p.E).toEqual({ 'Fn::If': ['Cond', 'a', 'b'] });
    expect(p.F).toEqual({ 'Fn::Equals': ['a', 'b'] });
    expect(p.G).toEqual({ 'Fn::And': [{ Condition: 'X' }, { Condition: 'Y' }] });
    expect(p.H['Fn::Or']).toHaveLength(2);
    expect(p.I).toEqual({ 'Fn::Not': [{ Condition: 'X' }] });
    expect(p.J).toEqual({ 'Fn::Join': ['-', ['a', 'b']] });
    expect(p.K).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(p.L).toEqual({ 'Fn::Split': [',', 'a,b'] });
    expect(p.M).toEqual({ 'Fn::FindInMap': ['Map', 'k1', 'k2'] });
    expect(p.N).toEqual({ 'Fn::Base64': 'text' });
    expect(p.O).toEqual({ 'Fn::Cidr': ['10.0.0.0/16', 4, 8] });
    expect(p.Q).toEqual({ 'Fn::ImportValue': 'shared' });
    expect(p.S['Fn::Transform'].Name).toBe('AWS::Include');
    expect(p.T).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
  });

  it('knows the line of every resource and property, in YAML and in JSON', () => {
    const yaml = parseCloudFormation('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: x\n      Tags:\n        - Key: a\n          Value: b\n');
    const bucket = yaml.resources[0];
    expect(bucket.where()).toEqual({ line: 2, column: 3 });
    expect(bucket.where('BucketName').line).toBe(5);
    expect(bucket.where('Tags.0.Value').line).toBe(8);
    const json = parseCloudFormation('{\n  "Resources": {\n    "Bucket": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": {\n\t"BucketName": "x"\n      }\n    }\n  }\n}\n');
    expect(json.resources[0].where().line).toBe(3);
    expect(json.resources[0].where('BucketName').line).toBe(6);
  });

  it('detects templates by content and SAM by its transform', () => {
    expect(looksLikeCloudFormation({ Resources: { A: { Type: 'AWS::SNS::Topic' } } })).toBe(true);
    expect(looksLikeCloudFormation({ Resources: { A: { kind: 'x' } } })).toBe(false);
    expect(looksLikeCloudFormation({ name: 'package' })).toBe(false);
    expect(parseCloudFormation('Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n').sam).toBe(true);
    expect(parseCloudFormation('Resources:\n  F:\n    Type: AWS::SNS::Topic\n').sam).toBe(false);
  });

  it('reports syntax errors with a line and refuses alias bombs', () => {
    try {
      parseYaml('a: [1, 2\nb: 3\n', { intrinsics: true });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SourceError);
      expect((e as SourceError).line).toBeGreaterThan(0);
    }
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill('*' + 'abcdefgh'[i]).join(', ')}]`)].join('\n');
    expect(() => parseYaml(bomb, { intrinsics: false })).toThrow(/too large/);
  });
});

describe('CloudFormation evaluation', () => {
  const template = parseCloudFormation(
    [
      'Parameters:',
      '  Enc: { Type: String, Default: "true" }',
      '  Free: { Type: String }',
      'Mappings:',
      '  M: { prod: { Status: Enabled } }',
      'Resources:',
      '  R:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      A: !Ref Enc',
      '      B: !Ref Free',
      '      C: !If [Cond, yes, !Ref AWS::NoValue]',
      '      D: !FindInMap [M, prod, Status]',
      '      E: !GetAtt Other.Arn',
      '      F: !Sub "${Enc}-x"',
      '      G: !Join ["-", [a, !Ref Enc]]',
    ].join('\n'),
  );
  const r = template.resources[0];
  it('uses parameter defaults, both If branches, mappings and marks the rest unknown', () => {
    expect(r.get('A')).toEqual(['true']);
    expect(r.get('B')).toEqual([UNKNOWN]);
    expect(r.get('C')).toEqual(['yes', undefined]);
    expect(r.get('D')).toEqual(['Enabled']);
    expect(r.get('E')).toEqual([UNKNOWN]);
    expect(r.get('F')).toEqual(['true-x']);
    expect(r.get('G')).toEqual(['a-true']);
    expect(r.get('Missing')).toEqual([undefined]);
  });
});

describe('Kubernetes', () => {
  it('reads every document of a multi-document file with its pod spec and lines', () => {
    const objects = parseKubernetes('apiVersion: v1\nkind: Service\nmetadata: { name: web }\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\n  namespace: ops\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: busybox:1.36\n');
    expect(objects.map((o) => o.resource)).toEqual(['Service/web', 'CronJob/ops/nightly']);
    expect(objects[1].containers).toHaveLength(1);
    expect(objects[1].where(`${objects[1].containers[0].path}.image`).line).toBe(17);
  });
});

describe('Dockerfile', () => {
  it('joins continuation lines, skips comments and heredocs, and tracks stages', () => {
    const d = parseDockerfile('# syntax=docker/dockerfile:1\nFROM node:22 AS build\nRUN npm ci \\\n  # a comment\n  && npm run build\nRUN <<EOF\nFROM not-an-instruction\nEOF\nFROM gcr.io/distroless/nodejs22\nCOPY --from=build /app /app\n');
    expect(d.instructions.map((i) => `${i.name}@${i.line}`)).toEqual(['FROM@2', 'RUN@3', 'RUN@6', 'FROM@9', 'COPY@10']);
    expect(d.instructions[1].args).toBe('npm ci  && npm run build');
    expect(d.stages.map((s) => s.name)).toEqual(['build', undefined]);
    expect(looksLikeDockerfile('# hi\nFROM x\n')).toBe(true);
    expect(looksLikeDockerfile('hello world\n')).toBe(false);
  });
});

describe('Terraform', () => {
  it('resolves variable defaults and locals, and finds block lines', async () => {
    const f = await parseTerraformFile('main.tf', 'variable "versioning" {\n  default = true\n}\nlocals {\n  name = "logs-${var.env}"\n  on = var.versioning\n}\nvariable "env" { default = "prod" }\n\nresource "aws_s3_bucket" "logs" {\n  bucket = local.name\n  versioning {\n    enabled = local.on\n  }\n  tags = { owner = var.missing }\n}\n');
    const m = buildModule([f]);
    const r = m.resources[0];
    expect(r.name).toBe('aws_s3_bucket.logs');
    expect(r.where().line).toBe(10);
    expect(r.where('versioning.0.enabled').line).toBe(13);
    expect(r.get('bucket')).toEqual(['logs-prod']);
    expect(r.get('versioning.0.enabled')).toEqual([true]);
    expect(r.get('tags.owner')).toEqual([UNKNOWN]);
  });

  it('reports HCL syntax errors with their line', async () => {
    await expect(parseTerraformFile('bad.tf', 'resource "a" "b" {\n  x = \n')).rejects.toMatchObject({ line: expect.any(Number) });
  });
});
