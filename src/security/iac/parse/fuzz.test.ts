// Property tests: random and malformed YAML, JSON and HCL never crash the scanner's parsers (a bad
// file must become an IAC.PARSE finding) and never take long. numRuns stays moderate to keep CI fast.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../lint/spec.js';
import { analyzeDocumentFile, analyzeTerraformModule } from '../analyze.js';
import type { Finding } from '../../finding.js';

const yamlish = fc.stringMatching(/^[\sA-Za-z0-9:\-!&*{}[\],"'#|>.%@`$\\]{0,300}$/);
const cfnPrefix = fc.constantFrom('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n', 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n', 'apiVersion: v1\nkind: Pod\n', '{"Resources": ');
const tags = fc.constantFrom('!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!FindInMap', '!Base64', '!Cidr', '!GetAZs', '!ImportValue', '!Condition', '!Transform', '!Bogus', '&a', '*a', '<<:');

// The 1 s bound per input is on CPU time, not wall time, so that a busy shared CI machine cannot make
// it fail while a real hang or super-linear blow-up still does.
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

function timed<T>(f: () => T): T {
  const start = process.cpuUsage();
  const out = f();
  expect(cpuMs(start)).toBeLessThan(1000);
  return out;
}

describe('parsers survive hostile input', () => {
  // The resource specification loads once per process (~0.4 s); load it before anything is timed.
  beforeAll(() => void loadSpec());

  it('YAML/JSON templates: random text after a template prefix', () => {
    fc.assert(
      fc.property(cfnPrefix, yamlish, fc.array(tags, { maxLength: 5 }), fc.boolean(), (prefix, body, ts, json) => {
        const out: Finding[] = [];
        const source = prefix + ts.map((t, i) => `  K${i}: ${t} ${body.slice(i * 10, i * 10 + 20)}\n`).join('') + body;
        timed(() => analyzeDocumentFile({ file: json ? 'x.json' : 'x.yaml', source }, out, { lint: true }));
        for (const f of out) expect(typeof f.ruleId).toBe('string');
      }),
      { numRuns: 150 },
    );
  });

  it('structurally valid but semantically odd templates (any JSON value in any place)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), (props, other) => {
        const template = { Resources: { A: { Type: 'AWS::S3::Bucket', Properties: props, Metadata: other }, B: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: other } } }, Outputs: other, Parameters: other };
        const out: Finding[] = [];
        timed(() => analyzeDocumentFile({ file: 't.json', source: JSON.stringify(template) }, out, { lint: true }));
      }),
      { numRuns: 150 },
    );
  });

  it('HCL: random text and truncated blocks', async () => {
    const hcl = fc.stringMatching(/^[\sA-Za-z0-9_="{}[\],.$#/*\-]{0,200}$/);
    await fc.assert(
      fc.asyncProperty(hcl, fc.constantFrom('resource "aws_s3_bucket" "b" {\n', 'variable "v" {\n  default = ', 'locals {\n  a = ', ''), async (body, prefix) => {
        const out: Finding[] = [];
        const start = process.cpuUsage();
        await analyzeTerraformModule([{ file: 'main.tf', source: prefix + body }], out);
        expect(cpuMs(start)).toBeLessThan(1000);
      }),
      { numRuns: 100 },
    );
  });

  it('Dockerfiles: random lines', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ -~]{0,60}$/), { maxLength: 20 }), (lines) => {
        const out: Finding[] = [];
        timed(() => analyzeDocumentFile({ file: 'Dockerfile', source: ['FROM x', ...lines].join('\n') }, out));
      }),
      { numRuns: 150 },
    );
  });
});
