import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPaved } from './test-io.js';

const template = `Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: logs
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
      BucketEncryption: { ServerSideEncryptionConfiguration: [] }
`;
const rules = `rule encrypted {
  AWS::S3::Bucket {
    Properties.BucketEncryption exists <<buckets must be encrypted>>
  }
}
rule named { Resources.*.Properties.BucketName IN ['logs', 'data'] }
rule no_queues { Resources.*[ Type == 'AWS::SQS::Queue' ].Properties.X exists }
`;

describe('paved guard (cfn-guard compatible CLI)', () => {
  let dir: string;
  const f = (name: string) => join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paved-guard-'));
    await writeFile(f('t.yaml'), template);
    await writeFile(f('good.yaml'), 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: logs, BucketEncryption: {} }\n');
    await writeFile(f('r.guard'), rules);
    await writeFile(f('bad.guard'), 'rule x {\n  Properties.A == 1\n  Properties.B <>\n}\n');
    await writeFile(f('bad.yaml'), 'Resources:\n  A: [1, 2\n');
    await writeFile(f('params.yaml'), 'Allowed: [logs]\n');
    await writeFile(f('p.guard'), 'rule allowed { Resources.*.Properties.BucketName IN %allowed }\nlet allowed = Allowed\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('validate exits 19 on a FAIL and names rule, clause, file:line:col, path, expected, found and message', async () => {
    const r = await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('t.yaml'), '-S', 'all']);
    expect(r.code).toBe(19);
    expect(r.stdout).toContain('t.yaml Status = FAIL');
    expect(r.stdout).toMatch(/r\.guard\/encrypted\s+FAIL/);
    expect(r.stdout).toMatch(/r\.guard\/named\s+PASS/);
    expect(r.stdout).toMatch(/r\.guard\/no_queues\s+SKIP/);
    expect(r.stdout).toContain('Rule [encrypted] FAILED for resource [Logs]');
    expect(r.stdout).toContain('Clause:   Properties.BucketEncryption exists  (r.guard:3:5)');
    expect(r.stdout).toContain('Data:     t.yaml:5:7  /Resources/Logs/Properties/BucketEncryption');
    expect(r.stdout).toContain("Found:    missing: no key 'BucketEncryption'");
    expect(r.stdout).toContain('Message:  buckets must be encrypted');
  });

  it('validate exits 0 when everything passes or skips, and reads data from stdin without -d', async () => {
    expect((await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('good.yaml')])).code).toBe(0);
    const piped = await runPaved(['guard', 'validate', '-r', f('r.guard')], template);
    expect(piped.code).toBe(19);
    expect(piped.stdout).toContain('STDIN Status = FAIL');
  });

  it('validate accepts directories for rules and data', async () => {
    const sub = f('pack');
    await mkdir(join(sub, 'data'), { recursive: true });
    await writeFile(join(sub, 'one.guard'), 'rule one { Resources exists }\n');
    await writeFile(join(sub, 'data', 'a.json'), '{"Resources": {}}');
    const r = await runPaved(['guard', 'validate', '-r', sub, '-d', join(sub, 'data'), '-S', 'pass']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/one\.guard\/one\s+PASS/);
  });

  it('a rules parse error exits 5 with file:line:col: expected …', async () => {
    const r = await runPaved(['guard', 'validate', '-r', f('bad.guard'), '-d', f('t.yaml')]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/bad\.guard:3:17: expected a value \(string, number, boolean, null, \/regex\/, range, list, map\) or a query, found '>'/);
    const data = await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('bad.yaml')]);
    expect(data.code).toBe(5);
    expect(data.stderr).toMatch(/bad\.yaml:\d+:\d+:/);
  });

  it('usage errors exit 2', async () => {
    expect((await runPaved(['guard', 'validate', '-d', f('t.yaml')])).code).toBe(2);
    expect((await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('t.yaml'), '-o', 'xml'])).code).toBe(2);
    expect((await runPaved(['guard', 'validate', '-r', f('nope.guard'), '-d', f('t.yaml')])).code).toBe(2);
  });

  it('-i merges parameter files into the data', async () => {
    const r = await runPaved(['guard', 'validate', '-r', f('p.guard'), '-d', f('t.yaml'), '-i', f('params.yaml'), '--show-clause-failures']);
    expect(r.code).toBe(19);
    expect(r.stdout).toMatch(/allowed\s+FAIL\n\s+Resources\.\*\.Properties\.BucketName IN %allowed at \/Resources\/Data\/Properties\/BucketName/);
  });

  it('json and yaml outputs list compliant, not compliant and not applicable rules', async () => {
    const j = JSON.parse((await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('t.yaml'), '-o', 'json'])).stdout);
    expect(j[0]).toMatchObject({ name: 't.yaml', status: 'FAIL', compliant: ['named'], not_applicable: ['no_queues'] });
    expect(j[0].not_compliant[0]).toMatchObject({ rule: 'encrypted', failures: [{ resource: 'Logs', location: { line: 5, column: 7 }, message: 'buckets must be encrypted' }] });
    expect(JSON.parse((await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('t.yaml'), '--json'])).stdout)).toEqual(j);
    const y = parseYaml((await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('t.yaml'), '-o', 'yaml'])).stdout);
    expect(y).toEqual(j);
  });

  it('junit output is well-formed XML with a failure and a skipped case', async () => {
    const x = (await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('t.yaml'), '-o', 'junit'])).stdout;
    expect(XMLValidator.validate(x)).toBe(true);
    expect(x).toContain('<testcase name="encrypted" classname="r.guard">');
    expect(x).toContain('<failure message="buckets must be encrypted">');
    expect(x).toContain('<skipped/>');
  });

  it('sarif output validates against the SARIF 2.1.0 schema', async () => {
    const schemaPath = join(fileURLToPath(new URL('../../../', import.meta.url)), '..', 'shared', 'schemas', 'sarif-2.1.0.schema.json');
    if (!existsSync(schemaPath)) throw new Error(`SARIF schema not found at ${schemaPath}`);
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const sarif = JSON.parse((await runPaved(['guard', 'validate', '-r', f('r.guard'), '-d', f('t.yaml'), '-o', 'sarif'])).stdout);
    expect(validate(sarif)).toBe(true);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'encrypted', locations: [{ physicalLocation: { region: { startLine: 5, startColumn: 7 } } }] });
  });

  it('test exits 0 when expectations hold, 7 when one does not, 1 on a bad test file, 5 on a bad rules file', async () => {
    const tests = (status: string) => `- name: unencrypted\n  input:\n    Resources:\n      B: { Type: AWS::S3::Bucket, Properties: { BucketName: logs } }\n  expectations:\n    rules:\n      encrypted: ${status}\n      no_queues: SKIP\n`;
    await writeFile(f('ok_tests.yaml'), tests('FAIL'));
    await writeFile(f('wrong_tests.yaml'), tests('PASS'));
    await writeFile(f('broken_tests.yaml'), '- name: x\n  input: {}\n');
    const ok = await runPaved(['guard', 'test', '-r', f('r.guard'), '-t', f('ok_tests.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('PASS Rules:\n    encrypted: Expected = FAIL');
    const wrong = await runPaved(['guard', 'test', '-r', f('r.guard'), '-t', f('wrong_tests.yaml')]);
    expect(wrong.code).toBe(7);
    expect(wrong.stdout).toContain('encrypted: Expected = PASS, Evaluated = FAIL');
    const broken = await runPaved(['guard', 'test', '-r', f('r.guard'), '-t', f('broken_tests.yaml')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/expectations\.rules/);
    expect((await runPaved(['guard', 'test', '-r', f('bad.guard'), '-t', f('ok_tests.yaml')])).code).toBe(5);
  });

  it('parse-tree prints the tree with locations; rulegen output validates its own template', async () => {
    const tree = JSON.parse((await runPaved(['guard', 'parse-tree', '-r', f('r.guard'), '--json'])).stdout);
    expect(tree.rules.map((r: { name: string }) => r.name)).toEqual(['encrypted', 'named', 'no_queues']);
    expect(tree.rules[0].block.clauses[0][0]).toMatchObject({ type: 'type_block', typeName: 'AWS::S3::Bucket', loc: { line: 2, column: 3 } });
    expect((await runPaved(['guard', 'parse-tree', '-r', f('bad.guard')])).code).toBe(5);
    const generated = await runPaved(['guard', 'rulegen', '-t', f('t.yaml')]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain("let aws_s3_bucket_resources = Resources.*[ Type == 'AWS::S3::Bucket' ]");
    await writeFile(f('gen.guard'), generated.stdout);
    expect((await runPaved(['guard', 'validate', '-r', f('gen.guard'), '-d', f('t.yaml')])).code).toBe(0);
    expect((await runPaved(['guard', 'validate', '-r', f('gen.guard'), '-d', f('good.yaml')])).code).toBe(19);
  });
});
