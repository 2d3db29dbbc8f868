import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sastScanner } from './index.js';
import { analyzeSource } from './analyze.js';
import { sastRules } from './rules.js';
import { scannerTable } from '../scanners.js';

let root: string;
const handler = (body: string) => `export function h(req: any, res: any) {\n${body}\n}\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'paved-sast-'));
  await mkdir(join(root, 'src'), { recursive: true });
  await mkdir(join(root, 'node_modules', 'lib'), { recursive: true });
  await mkdir(join(root, 'dist'), { recursive: true });
  await writeFile(join(root, 'src', 'app.ts'), `import { exec } from 'child_process';\n${handler('  exec(`ls ${req.query.dir}`);')}`);
  await writeFile(join(root, 'src', 'broken.js'), "app.get('/x', (req, res) => {\n  res.send(req.query.a;\n");
  await writeFile(join(root, 'src', 'types.ts'), 'export type Id = string;\nexport interface User { id: Id; name: string }\nexport const broken = (;\n');
  await writeFile(join(root, 'src', 'types.d.ts'), 'declare const x: string;\neval(req.query.x);\n');
  await writeFile(join(root, 'src', 'bundle.js'), `var a=1;${'eval(req.query.a);'.repeat(200)}\n`.repeat(3));
  await writeFile(join(root, 'node_modules', 'lib', 'index.js'), handler('  eval(req.query.code);'));
  await writeFile(join(root, 'dist', 'app.js'), handler('  eval(req.query.code);'));
  await writeFile(join(root, 'README.md'), 'eval(req.query.code)');
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('sast scanner', () => {
  it('is registered in the scanner table', async () => {
    const entry = scannerTable.find((e) => e.id === 'sast');
    expect(entry).toBeDefined();
    expect((await entry!.load()).id).toBe('sast');
  });

  it('scans JS/TS under the root, skipping node_modules, dist, .d.ts and minified bundles', async () => {
    const progress: number[] = [];
    const result = await sastScanner.scan({ root, onProgress: (done) => progress.push(done) });
    const files = new Set(result.findings.map((f) => f.file));
    expect([...files].sort()).toEqual(['src/app.ts', 'src/broken.js']);
    const cmdi = result.findings.find((f) => f.ruleId === 'PAVED-SAST-CMDI')!;
    expect(cmdi).toMatchObject({ file: 'src/app.ts', line: 3, severity: 'critical', scanner: 'sast' });
    expect(cmdi.message).toContain('req.query.dir');
    expect(cmdi.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(result.notes).toContain('skipped 1 minified or bundled file');
    expect(result.scanned).toBe(3);
    expect(progress.at(-1)).toBe(4);
  });

  it('turns a file that does not parse into an info finding with its location', async () => {
    const result = await sastScanner.scan({ root });
    const parse = result.findings.find((f) => f.ruleId === 'SAST.PARSE')!;
    expect(parse).toMatchObject({ file: 'src/broken.js', severity: 'info', line: 2 });
    expect(parse.message).toMatch(/could not parse/);
  });

  it('does not parse a file that mentions nothing any rule looks at (so its syntax errors are not reported)', async () => {
    const result = await sastScanner.scan({ root });
    expect(result.findings.some((f) => f.file === 'src/types.ts')).toBe(false);
  });

  it('scans a single file given as the root, and ignores one that is not JavaScript or TypeScript', async () => {
    const one = await sastScanner.scan({ root: join(root, 'src', 'app.ts') });
    expect(one.findings.map((f) => `${f.file}:${f.ruleId}`)).toEqual(['app.ts:PAVED-SAST-CMDI']);
    const readme = await sastScanner.scan({ root: join(root, 'README.md') });
    expect(readme).toMatchObject({ findings: [], scanned: 0 });
  });

  it('rejects an invalid workers option with a clear error', async () => {
    await expect(sastScanner.scan({ root, options: { workers: 'many' } })).rejects.toThrow(/workers must be an integer/);
  });

  it('gives the same findings with worker threads as in-thread (compiled build only)', async () => {
    const compiled = join(process.cwd(), 'dist', 'src', 'security', 'sast', 'index.js');
    if (!existsSync(compiled)) return; // `npm test` builds first; a bare vitest run has no worker file to start
    const { sastScanner: built } = (await import(compiled)) as { sastScanner: typeof sastScanner };
    const big = await mkdtemp(join(tmpdir(), 'paved-sast-big-'));
    try {
      const filler = `export const data = ${JSON.stringify('x'.repeat(200))};\n`.repeat(2200);
      for (let i = 0; i < 12; i++) await writeFile(join(big, `f${i}.ts`), `import { exec } from 'child_process';\n${handler('  exec(req.body.c);')}${filler}`);
      const threaded = await built.scan({ root: big, options: { workers: 2 } });
      const inline = await built.scan({ root: big, options: { workers: 0 } });
      expect(threaded.findings.filter((f) => f.ruleId === 'PAVED-SAST-CMDI')).toHaveLength(12);
      expect(threaded.findings.map((f) => f.fingerprint)).toEqual(inline.findings.map((f) => f.fingerprint));
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  });
});

describe('inline suppressions', () => {
  it('suppress a finding on the same or the next line when a reason is given', () => {
    const { findings } = analyzeSource('a.ts', handler([
      '  // paved:ignore PAVED-SAST-CODE the expression comes from our own admin console',
      '  eval(req.body.expr);',
      '  eval(req.body.other); // paved:ignore PAVED-SAST-CODE,PAVED-SAST-XSS sandboxed',
    ].join('\n')));
    const code = findings.filter((f) => f.ruleId === 'PAVED-SAST-CODE');
    expect(code).toHaveLength(2);
    expect(code[0].suppressed).toEqual({ reason: 'the expression comes from our own admin console', source: 'inline' });
    expect(code[1].suppressed?.reason).toBe('sandboxed');
  });

  it('refuse a comment without a reason or with an unknown rule, and say so', () => {
    const { findings } = analyzeSource('a.ts', handler([
      '  // paved:ignore PAVED-SAST-CODE',
      '  eval(req.body.expr);',
      '  // paved:ignore PAVED-SAST-NOPE because',
      '  eval(req.body.x);',
    ].join('\n')));
    expect(findings.filter((f) => f.ruleId === 'PAVED-SAST-CODE' && !f.suppressed)).toHaveLength(2);
    const invalid = findings.filter((f) => f.ruleId === 'PAVED-SAST-SUPPRESSION');
    expect(invalid.map((f) => f.line)).toEqual([2, 4]);
    expect(invalid[0].message).toMatch(/gives no reason/);
    expect(invalid[1].message).toMatch(/unknown rule \(PAVED-SAST-NOPE\)/);
  });
});

describe('taint behaviour', () => {
  const rules = (code: string) => analyzeSource('a.ts', code).findings.map((f) => `${f.ruleId}@${f.line}`);

  it('never reports object bracket access on its own', () => {
    expect(rules(handler('  const v = CONFIG[req.query.key];\n  const w = req.body[req.params.name];\n  res.json({ v, w });'))).toEqual([]);
  });

  it('follows taint through a same-file helper that returns it', () => {
    const code = `import { exec } from 'child_process';\nfunction wrap(x: string) { return 'sh ' + x.trim(); }\n${handler('  exec(wrap(req.query.c));')}`;
    expect(rules(code)).toEqual(['PAVED-SAST-CMDI@4']);
  });

  it('forgets taint when a variable is overwritten with a constant on the main path', () => {
    const code = `import { exec } from 'child_process';\n${handler("  let c = req.query.c;\n  c = 'ls';\n  exec(c);")}`;
    expect(rules(code)).toEqual([]);
  });

  it('keeps taint when only one branch overwrites the variable', () => {
    const code = `import { exec } from 'child_process';\n${handler("  let c = req.query.c;\n  if (req.query.safe) c = 'ls';\n  exec(c);")}`;
    expect(rules(code)).toEqual(['PAVED-SAST-CMDI@5']);
  });

  it('limits an allow-list check to the branch where it holds', () => {
    const code = `import { exec } from 'child_process';\nconst OK = ['a'];\n${handler('  const c = req.query.c;\n  if (OK.includes(c)) { exec(c); }\n  exec(c);')}`;
    expect(rules(code)).toEqual(['PAVED-SAST-CMDI@6']);
  });

  it('takes a parameter named request for an HTTP request only in a file that handles HTTP', () => {
    const body = "export function onMessage(request: { files: string[] }) {\n  return readFileSync(request.files[0]);\n}\n";
    expect(rules(`import { readFileSync } from 'node:fs';\nimport { parentPort } from 'node:worker_threads';\n${body}`)).toEqual([]);
    expect(rules(`import { readFileSync } from 'node:fs';\nimport type { FastifyRequest } from 'fastify';\n${body}`)).toEqual(['PAVED-SAST-PATH@4']);
  });

  it('treats a parameter of a route callback as the request whatever its name', () => {
    const code = `import fs from 'fs';\napp.get('/f', (rq: any, rs: any) => {\n  rs.sendFile(rq.query.f);\n});\n`;
    expect(rules(code)).toEqual(['PAVED-SAST-PATH@3']);
  });
});

describe('parsing', () => {
  it('accepts a CommonJS entry point with a top-level return', () => {
    const { findings } = analyzeSource('bin/cli.js', "const { exec } = require('child_process');\nif (!process.argv[2]) return;\neval(process.argv[2]);\n");
    expect(findings.map((f) => f.ruleId)).toEqual(['PAVED-SAST-CODE']);
  });

  it('reports the first syntax error with its line and counts the others', () => {
    const { findings } = analyzeSource('a.ts', "app.get('/', (req, res) => {\n  res.send(req.query.a;\n  let = ;\n");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'SAST.PARSE', line: 2, severity: 'info' });
  });
});

describe('rule catalogue', () => {
  it('has at least 30 rules, each with metadata a user can act on', () => {
    expect(sastRules.length).toBeGreaterThanOrEqual(30);
    expect(new Set(sastRules.map((r) => r.id)).size).toBe(sastRules.length);
    for (const r of sastRules) {
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.description.length, r.id).toBeGreaterThan(30);
      expect(r.remediation?.length ?? 0, r.id).toBeGreaterThan(10);
      expect(r.references?.some((x) => x.startsWith('OWASP')), r.id).toBe(true);
      if (!r.tags?.includes('meta')) expect(r.references?.some((x) => x.startsWith('CWE-')), r.id).toBe(true);
    }
    expect(sastScanner.listRules()).toBe(sastRules);
  });
});
