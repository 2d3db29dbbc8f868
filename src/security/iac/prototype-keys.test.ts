// Regression: names from scanned files that are also Object.prototype members (valueOf, toString,
// constructor, __proto__, hasOwnProperty) once resolved to Object.prototype's functions through plain
// `obj[key]` / `key in obj` lookups. The fuzz counterexample [{"valueOf":0},null] crashed lint with
// "Cannot read properties of undefined (reading 'type')"; other names were silently misread.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDocumentFile, analyzeTerraformModule } from './analyze.js';
import { loadSpec } from './lint/spec.js';
import { parseCloudFormation } from './parse/cloudformation.js';
import { buildModule, parseTerraformFile } from './parse/terraform.js';
import { UNKNOWN } from './model.js';
import type { Finding } from '../finding.js';

const prototypeNames = ['valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'isPrototypeOf'];

function scanJson(source: string): Finding[] {
  const out: Finding[] = [];
  analyzeDocumentFile({ file: 't.json', source }, out, { lint: true });
  return out;
}

describe('names that are Object.prototype members', () => {
  beforeAll(() => void loadSpec());

  it('the fuzz counterexample [{"valueOf":0},null] lints without crashing and reports the unknown property', () => {
    const template = { Resources: { A: { Type: 'AWS::S3::Bucket', Properties: { valueOf: 0 }, Metadata: null }, B: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: null } } }, Outputs: null, Parameters: null };
    const out = scanJson(JSON.stringify(template));
    expect(out.filter((f) => f.ruleId === 'PAVED-LINT-E3002').map((f) => f.message)).toEqual([expect.stringContaining('has no property valueOf')]);
  });

  it.each(prototypeNames)('property %s is an unknown property, at the top level and in nested types', (name) => {
    // Written as JSON text: a JS object literal would treat "__proto__" as the prototype, not a key.
    const source = `{"Resources":{"A":{"Type":"AWS::S3::Bucket","Properties":{${JSON.stringify(name)}:0,"VersioningConfiguration":{${JSON.stringify(name)}:"x","Status":"Enabled"}}}}}`;
    const unknown = scanJson(source).filter((f) => f.ruleId === 'PAVED-LINT-E3002');
    expect(unknown).toHaveLength(2);
    for (const f of unknown) expect(f.message).toContain(`no property ${name}`);
  });

  it.each(prototypeNames)('Ref, DependsOn and Condition naming %s are reported as missing, not accepted', (name) => {
    const n = JSON.stringify(name);
    const source = `{"Resources":{"A":{"Type":"AWS::SNS::Topic","DependsOn":${n},"Condition":${n},"Properties":{"TopicName":{"Ref":${n}}}}}}`;
    const ids = scanJson(source).map((f) => f.ruleId);
    expect(ids).toContain('PAVED-LINT-E1012'); // Ref
    expect(ids).toContain('PAVED-LINT-E3005'); // DependsOn
    expect(ids).toContain('PAVED-LINT-E8002'); // Condition
  });

  it('a resource actually named __proto__ or constructor is a real resource for Ref and DependsOn', () => {
    const source = '{"Resources":{"__proto__":{"Type":"AWS::SNS::Topic"},"constructor":{"Type":"AWS::SNS::Topic","DependsOn":"__proto__","Properties":{"TopicName":{"Ref":"__proto__"}}}}}';
    const ids = scanJson(source).map((f) => f.ruleId);
    expect(ids).not.toContain('PAVED-LINT-E1012');
    expect(ids).not.toContain('PAVED-LINT-E3005');
  });

  it('the CloudFormation evaluator does not resolve parameters or mapping keys to prototype members', () => {
    const template = parseCloudFormation(
      ['Mappings:', '  M: { prod: { Status: Enabled } }', 'Resources:', '  R:', '    Type: AWS::S3::Bucket', '    Properties:', '      A: !Ref toString', '      B: !FindInMap [M, prod, constructor]', '      C: !Sub "x-${valueOf}"', '      D: !FindInMap [M, prod, Status]'].join('\n'),
    );
    const r = template.resources[0];
    expect(r.get('A')).toEqual([UNKNOWN]);
    expect(r.get('B')).toEqual([UNKNOWN]);
    expect(r.get('C')).toEqual([UNKNOWN]);
    expect(r.get('D')).toEqual(['Enabled']);
    expect(r.get('constructor')).toEqual([undefined]);
  });

  it('Kubernetes objects whose kind is a prototype name are scanned without crashing', () => {
    for (const kind of prototypeNames) {
      const out: Finding[] = [];
      expect(() => analyzeDocumentFile({ file: 'k.yaml', source: `apiVersion: v1\nkind: ${kind}\nmetadata: { name: x }\nspec: { containers: [] }\n` }, out)).not.toThrow();
      expect(out.filter((f) => f.ruleId === 'IAC.PARSE')).toEqual([]);
    }
  });

  it('Terraform: locals and variables named like prototype members resolve to their own values or to unknown', async () => {
    const f = await parseTerraformFile(
      'main.tf',
      'variable "__proto__" {\n  default = "p"\n}\nlocals {\n  constructor = "c"\n  __proto__   = "q"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "x-${local.toString}"\n  acl    = var.__proto__\n  tags   = { a = local.constructor, b = var.constructor, c = "${local.__proto__}-y", d = "${var.valueOf}" }\n}\n',
    );
    const r = buildModule([f]).resources[0];
    expect(r.get('bucket')).toEqual([UNKNOWN]); // not "x-function toString() { [native code] }"
    expect(r.get('acl')).toEqual(['p']);
    expect(r.get('tags.a')).toEqual(['c']);
    expect(r.get('tags.b')).toEqual([UNKNOWN]);
    expect(r.get('tags.c')).toEqual(['q-y']); // a local really named __proto__ is a plain local
    expect(r.get('tags.d')).toEqual([UNKNOWN]);
  });

  it('Terraform: policy documents, principal types and resource types named like prototype members do not crash the scan', async () => {
    const source = [
      'data "aws_iam_policy_document" "constructor" {',
      '  statement {',
      '    actions   = ["*"]',
      '    resources = ["*"]',
      '    principals {',
      '      type        = "constructor"',
      '      identifiers = ["x"]',
      '    }',
      '    condition {',
      '      test     = "__proto__"',
      '      variable = "toString"',
      '      values   = ["v"]',
      '    }',
      '  }',
      '}',
      'resource "aws_iam_policy" "p" {',
      '  policy = data.aws_iam_policy_document.constructor.json',
      '}',
      'resource "constructor" "x" {',
      '  toString = 1',
      '}',
    ].join('\n');
    const out: Finding[] = [];
    await analyzeTerraformModule([{ file: 'main.tf', source }], out);
    expect(out.filter((f) => f.ruleId === 'IAC.PARSE')).toEqual([]);
    // The document named "constructor" is the one rendered above (Action "*"), not Object.
    expect(out.map((f) => f.ruleId)).toContain('PAVED-IAM-001');
  });
});
