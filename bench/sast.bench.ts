// SAST benchmark: throughput of `paved scan sast` on a generated TypeScript code base of more than 20 MB,
// compared in the same run with eslint + eslint-plugin-security on the same files (time, findings), and
// precision/recall of both on the planted vulnerabilities of that code base and on the labelled corpus.
// ESLint parses TypeScript with @babel/eslint-parser + @babel/preset-typescript: @typescript-eslint/parser
// needs the TypeScript 5 JavaScript API, which the TypeScript 7 (native) compiler this repo uses has no longer.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { sastScanner } from '../src/security/sast/index.js';
import { analyzeSource } from '../src/security/sast/analyze.js';
import { loadCorpus, score, type Prediction } from '../src/security/sast/corpus.js';
import type { Finding } from '../src/security/finding.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const require = createRequire(join(repo, 'package.json'));
const TARGET_BYTES = 21 * 1024 * 1024;

// ---- a deterministic generator of realistic service code ----

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const nouns = ['user', 'order', 'invoice', 'product', 'account', 'team', 'project', 'report', 'ticket', 'payment', 'session', 'asset'];
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

interface Planted { file: string; line: number; kind: string }

/** Lines of a controller; some handlers carry a planted vulnerability recorded in `planted`. */
function controller(file: string, n: number, planted: Planted[]): string {
  const noun = pick(nouns), N = cap(noun);
  const lines: string[] = [
    `import express, { type Request, type Response, type NextFunction } from 'express';`,
    `import { exec, execFile } from 'node:child_process';`,
    `import fs from 'node:fs';`,
    `import path from 'node:path';`,
    `import { pool } from '../db/pool.js';`,
    `import { ${N}Service } from '../services/${noun}-service.js';`,
    ``,
    `const router = express.Router();`,
    `const service = new ${N}Service(pool);`,
    `const SORT_COLUMNS = new Set(['created_at', 'name', 'status']);`,
    `const handlers: Record<string, (id: string) => Promise<unknown>> = { archive: (id) => service.archive(id), restore: (id) => service.restore(id) };`,
    ``,
    `export interface ${N}Query { limit?: string; cursor?: string; sort?: string; status?: string }`,
    ``,
  ];
  const plant = (kind: string, code: string) => { lines.push(code); planted.push({ file, line: lines.length, kind }); };
  for (let i = 0; i < n; i++) {
    const r = rand();
    lines.push(`router.get('/${noun}s/:id/v${i}', async (req: Request, res: Response, next: NextFunction) => {`);
    lines.push(`  try {`);
    lines.push(`    const limit = Math.min(Number(req.query.limit ?? 50), 200);`);
    lines.push(`    const sort = String(req.query.sort ?? 'created_at');`);
    lines.push(`    if (!SORT_COLUMNS.has(sort)) return res.status(400).json({ error: 'bad sort' });`);
    lines.push(`    const { rows } = await pool.query(\`SELECT id, name, status FROM ${noun}s WHERE team_id = $1 ORDER BY \${sort} LIMIT \${limit}\`, [req.params.id]);`);
    lines.push(`    const action = handlers[String(req.query.action)];`);
    lines.push(`    const byId = Object.fromEntries(rows.map((row: { id: string }) => [row.id, row]));`);
    lines.push(`    const first = byId[rows[0]?.id ?? ''];`);
    if (r < 0.06) plant('sqli', `    await pool.query(\`UPDATE ${noun}s SET seen = now() WHERE name = '\${req.query.name}'\`);`);
    else if (r < 0.12) plant('cmdi', `    exec('tar czf /tmp/export.tgz ' + req.params.id, () => undefined);`);
    else if (r < 0.18) plant('path', `    const doc = fs.readFileSync(path.join('/srv/${noun}s', String(req.query.file)), 'utf8');`);
    else if (r < 0.22) plant('redirect', `    if (req.query.next) return res.redirect(String(req.query.next));`);
    else if (r < 0.26) plant('xss', `    if (req.query.preview) return res.send('<h2>' + req.query.title + '</h2>');`);
    else if (r < 0.29) plant('regex', `    const filter = new RegExp(String(req.query.q), 'i');`);
    else if (r < 0.31) plant('code', `    const computed = eval(String(req.body?.expression ?? '0'));`);
    else {
      lines.push(`    execFile('git', ['log', '--oneline', '-n', String(limit)], () => undefined);`);
      lines.push(`    const file = path.join('/srv/${noun}s', path.basename(String(req.query.file ?? 'index.json')));`);
      lines.push(`    if (req.query.download) return res.sendFile(path.basename(file), { root: '/srv/${noun}s' });`);
    }
    lines.push(`    const total = rows.reduce((sum: number, row: { amount?: number }) => sum + (row.amount ?? 0), 0);`);
    lines.push(`    res.json({ items: rows, total, first, next: rows.length === limit ? rows[rows.length - 1].id : null, action: !!action });`);
    lines.push(`  } catch (err) {`);
    lines.push(`    next(err);`);
    lines.push(`  }`);
    lines.push(`});`);
    lines.push(``);
  }
  lines.push(`export default router;`);
  return lines.join('\n') + '\n';
}

function service(n: number): string {
  const noun = pick(nouns), N = cap(noun);
  const out = [
    `import { randomUUID, createHash } from 'node:crypto';`,
    `import type { Pool } from 'pg';`,
    ``,
    `export type ${N}Status = 'active' | 'archived' | 'deleted';`,
    `export interface ${N} { id: string; name: string; status: ${N}Status; createdAt: Date; tags: string[]; meta: Record<string, unknown> }`,
    ``,
    `export class ${N}Service {`,
    `  private readonly cache = new Map<string, ${N}>();`,
    `  constructor(private readonly pool: Pool) {}`,
  ];
  for (let i = 0; i < n; i++) {
    out.push(
      `  async find${i}(id: string, opts: { includeDeleted?: boolean } = {}): Promise<${N} | undefined> {`,
      `    const cached = this.cache.get(id);`,
      `    if (cached && (opts.includeDeleted || cached.status !== 'deleted')) return cached;`,
      `    const { rows } = await this.pool.query<${N}>('SELECT * FROM ${noun}s WHERE id = $1 AND ($2 OR status <> $3)', [id, !!opts.includeDeleted, 'deleted']);`,
      `    const found = rows[0];`,
      `    if (found) this.cache.set(id, { ...found, tags: [...found.tags].sort(), meta: { ...found.meta, loadedAt: Date.now() } });`,
      `    return found;`,
      `  }`,
      ``,
      `  async create${i}(input: Omit<${N}, 'id' | 'createdAt'>): Promise<${N}> {`,
      `    const entity: ${N} = { ...input, id: randomUUID(), createdAt: new Date() };`,
      `    const etag = createHash('sha256').update(JSON.stringify(entity)).digest('hex');`,
      `    await this.pool.query('INSERT INTO ${noun}s (id, name, status, tags, meta, etag) VALUES ($1, $2, $3, $4, $5, $6)', [entity.id, entity.name, entity.status, entity.tags, entity.meta, etag]);`,
      `    const counts = entity.tags.reduce<Record<string, number>>((acc, tag) => { acc[tag] = (acc[tag] ?? 0) + 1; return acc; }, {});`,
      `    for (const [tag, count] of Object.entries(counts)) if (count > 1) throw new Error(\`duplicate tag \${tag}\`);`,
      `    return entity;`,
      `  }`,
      ``,
    );
  }
  out.push(`  archive(id: string) { return this.pool.query('UPDATE ${noun}s SET status = $2 WHERE id = $1', [id, 'archived']); }`);
  out.push(`  restore(id: string) { return this.pool.query('UPDATE ${noun}s SET status = $2 WHERE id = $1', [id, 'active']); }`);
  out.push(`}`);
  return out.join('\n') + '\n';
}

function component(n: number): string {
  const noun = pick(nouns), N = cap(noun);
  const out = [
    `import { useEffect, useMemo, useState } from 'react';`,
    `export interface ${N}Row { id: string; name: string; amount: number }`,
    `const columns = ['id', 'name', 'amount'] as const;`,
  ];
  for (let i = 0; i < n; i++) {
    out.push(
      `export function ${N}Table${i}({ rows, onSelect }: { rows: ${N}Row[]; onSelect: (id: string) => void }) {`,
      `  const [sortKey, setSortKey] = useState<(typeof columns)[number]>('name');`,
      `  const [filter, setFilter] = useState('');`,
      `  useEffect(() => { document.title = \`${N}s (\${rows.length})\`; }, [rows.length]);`,
      `  const visible = useMemo(() => rows.filter((r) => r.name.toLowerCase().includes(filter.toLowerCase())).sort((a, b) => String(a[sortKey]).localeCompare(String(b[sortKey]))), [rows, filter, sortKey]);`,
      `  return (`,
      `    <table className="table">`,
      `      <thead><tr>{columns.map((c) => <th key={c} onClick={() => setSortKey(c)}>{c}</th>)}</tr></thead>`,
      `      <tbody>{visible.map((r) => <tr key={r.id} onClick={() => onSelect(r.id)}><td>{r.id}</td><td>{r.name}</td><td>{r.amount.toFixed(2)}</td></tr>)}</tbody>`,
      `      <tfoot><tr><td colSpan={3}><input value={filter} onChange={(e) => setFilter(e.target.value)} /></td></tr></tfoot>`,
      `    </table>`,
      `  );`,
      `}`,
      ``,
    );
  }
  return out.join('\n') + '\n';
}

export async function generate(root: string): Promise<{ bytes: number; files: number; planted: Planted[] }> {
  await rm(root, { recursive: true, force: true });
  for (const d of ['routes', 'services', 'components']) await mkdir(join(root, d), { recursive: true });
  const planted: Planted[] = [];
  let bytes = 0, files = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const kind = i % 3;
    const rel = kind === 0 ? `routes/r${i}.ts` : kind === 1 ? `services/s${i}.ts` : `components/c${i}.tsx`;
    const text = kind === 0 ? controller(rel, 8 + Math.floor(rand() * 8), planted) : kind === 1 ? service(4 + Math.floor(rand() * 6)) : component(3 + Math.floor(rand() * 5));
    await writeFile(join(root, rel), text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { bytes, files, planted };
}

// ---- eslint + eslint-plugin-security ----

async function writeEslintConfig(dir: string): Promise<string> {
  const file = join(dir, 'eslint.config.mjs');
  const url = (m: string) => pathToFileURL(require.resolve(m)).href;
  const preset = require.resolve('@babel/preset-typescript');
  await writeFile(file, [
    `import security from ${JSON.stringify(url('eslint-plugin-security'))};`,
    `import babel from ${JSON.stringify(url('@babel/eslint-parser'))};`,
    `const options = (isTSX) => ({ parser: babel, parserOptions: { requireConfigFile: false, babelOptions: { babelrc: false, configFile: false, presets: [[${JSON.stringify(preset)}, { isTSX, allExtensions: true }]] } } });`,
    `export default [`,
    `  { files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js'], languageOptions: options(false), plugins: { security }, rules: security.configs.recommended.rules },`,
    `  { files: ['**/*.tsx', '**/*.jsx'], languageOptions: options(true), plugins: { security }, rules: security.configs.recommended.rules },`,
    `];`,
  ].join('\n'));
  return file;
}

interface EslintMessage { file: string; line: number; ruleId: string | null; fatal?: boolean }

async function runEslint(cwd: string, configFile: string, concurrency: number | 'off'): Promise<EslintMessage[]> {
  const { ESLint } = (await import('eslint')) as unknown as { ESLint: new (o: object) => { lintFiles(p: string[]): Promise<Array<{ filePath: string; messages: Array<{ line: number; ruleId: string | null; fatal?: boolean }> }>> } };
  const eslint = new ESLint({ cwd, overrideConfigFile: configFile, concurrency, ignore: false, errorOnUnmatchedPattern: false });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((r) => r.messages.map((m) => ({ file: relative(cwd, r.filePath).split('\\').join('/'), line: m.line, ruleId: m.ruleId, fatal: m.fatal })));
}

// ---- scoring ----

function plantedScore(planted: Planted[], hits: Array<{ file: string; line: number }>) {
  const want = new Set(planted.map((p) => `${p.file}:${p.line}`));
  const got = new Set(hits.map((h) => `${h.file}:${h.line}`));
  let tp = 0;
  for (const w of want) if (got.has(w)) tp++;
  const fp = [...got].filter((g) => !want.has(g)).length;
  return { tp, fp, recall: tp / want.size, precision: tp + fp === 0 ? 1 : tp / (tp + fp) };
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export default async function (): Promise<void> {
  const work = join(repo, 'bench', '.work', 'sast');
  const root = join(work, 'corpus');
  const gen = await generate(root);
  const configFile = await writeEslintConfig(work);

  // Paved: warm the parser once (JIT, native module load), then measure a full scan with workers and in-thread.
  analyzeSource('warm.ts', "import { exec } from 'child_process';\nexport const f = (req: any) => exec(req.query.x);\n");
  // CPU seconds (all threads of this process) next to wall time: the machine is shared, and CPU time says how
  // much work each tool needs whatever else is running.
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const loadBefore = loadavg()[0];
  let t = performance.now(), c = cpu();
  const paved = await sastScanner.scan({ root });
  const pavedSeconds = (performance.now() - t) / 1000, pavedCpu = cpu() - c;
  t = performance.now(); c = cpu();
  await sastScanner.scan({ root, options: { workers: 0 } });
  const pavedSingleSeconds = (performance.now() - t) / 1000, pavedSingleCpu = cpu() - c;

  t = performance.now(); c = cpu();
  const eslintMessages = await runEslint(root, configFile, 2);
  const eslintSeconds = (performance.now() - t) / 1000, eslintCpu = cpu() - c;
  const eslintFatal = eslintMessages.filter((m) => m.fatal).length;
  const byRule = new Map<string, number>();
  for (const m of eslintMessages) byRule.set(m.ruleId ?? 'parse error', (byRule.get(m.ruleId ?? 'parse error') ?? 0) + 1);

  const pavedOpen = paved.findings.filter((f: Finding) => f.severity !== 'info');
  const pavedPlanted = plantedScore(gen.planted, pavedOpen);
  const eslintPlanted = plantedScore(gen.planted, eslintMessages.filter((m) => !m.fatal));

  // Labelled corpus (src/security/sast/fixtures/corpus): location-based for both tools, so rule names need not match.
  const corpus = loadCorpus();
  const pavedCorpus = score(corpus, (f) => analyzeSource(f.relativePath, f.text).findings.filter((x) => !x.suppressed));
  const corpusEslint = await runEslint(join(corpus[0].path, '..', '..'), configFile, 'off');
  const lineHits = (pred: (file: string) => Prediction[]) => {
    let tp = 0, fp = 0, fn = 0;
    for (const f of corpus) {
      const got = new Set(pred(f.relativePath).map((p) => p.line));
      const want = new Set(f.expected.map((e) => e.line));
      for (const w of want) got.has(w) ? tp++ : fn++;
      for (const g of got) if (!want.has(g)) fp++;
    }
    return { tp, fp, fn };
  };
  const pavedLines = lineHits((file) => analyzeSource(file, corpus.find((c) => c.relativePath === file)!.text).findings.filter((x) => !x.suppressed));
  const eslintLines = lineHits((file) => corpusEslint.filter((m) => m.file === file && !m.fatal).map((m) => ({ ruleId: m.ruleId ?? '', line: m.line })));
  let rulesAtFull = 0;
  for (const s of pavedCorpus.values()) if (s.recall === 1 && s.falsePositives === 0) rulesAtFull++;

    console.log(`Corpus: ${gen.files} generated TypeScript/TSX files, ${mb(gen.bytes).toFixed(1)} MiB (Express routes, services, React components), ${gen.planted.length} planted vulnerabilities.`);
  console.log(`Command: \`npx tsc -p . && node dist/bench/run.js sast\`\n`);
  const mbps = mb(gen.bytes) * 1.048576; // MB (10^6 bytes), the unit of the target
  console.log(`Load average when the run started: ${loadBefore.toFixed(1)} on ${2} cores (the machine is shared).\n`);
  console.log(`| tool | wall time | throughput | CPU time | MB per CPU-second | findings | planted found (recall) | findings off planted lines | precision |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
  console.log(`| paved scan sast (worker threads) | ${pavedSeconds.toFixed(2)} s | ${(mbps / pavedSeconds).toFixed(1)} MB/s | ${pavedCpu.toFixed(1)} s | ${(mbps / pavedCpu).toFixed(1)} | ${pavedOpen.length} (+${paved.findings.length - pavedOpen.length} info) | ${pavedPlanted.tp}/${gen.planted.length} (${pct(pavedPlanted.recall)}) | ${pavedPlanted.fp} | ${pct(pavedPlanted.precision)} |`);
  console.log(`| paved scan sast (in-thread) | ${pavedSingleSeconds.toFixed(2)} s | ${(mbps / pavedSingleSeconds).toFixed(1)} MB/s | ${pavedSingleCpu.toFixed(1)} s | ${(mbps / pavedSingleCpu).toFixed(1)} | same | | | |`);
  console.log(`| eslint 9 + eslint-plugin-security (concurrency 2) | ${eslintSeconds.toFixed(2)} s | ${(mbps / eslintSeconds).toFixed(2)} MB/s | ${eslintCpu.toFixed(1)} s | ${(mbps / eslintCpu).toFixed(2)} | ${eslintMessages.length - eslintFatal}${eslintFatal ? ` (+${eslintFatal} parse errors)` : ''} | ${eslintPlanted.tp}/${gen.planted.length} (${pct(eslintPlanted.recall)}) | ${eslintPlanted.fp} | ${pct(eslintPlanted.precision)} |`);
  console.log(`\nSpeed ratio: paved is ${(eslintSeconds / pavedSeconds).toFixed(1)}× faster (wall) and needs ${(eslintCpu / pavedCpu).toFixed(1)}× less CPU than eslint + eslint-plugin-security on the same files; target ≥ 5 MB/s ${mbps / pavedSeconds >= 5 ? 'met' : 'NOT met'} in this run.`);
  console.log(`eslint-plugin-security findings by rule: ${[...byRule].sort((a, b) => b[1] - a[1]).map(([r, c]) => `${r} ${c}`).join(', ')}.`);
  console.log(`\nLabelled corpus (${corpus.length} files, ${corpus.reduce((n, f) => n + f.expected.length, 0)} labelled lines), by line:`);
  console.log(`| tool | labelled lines found | false positives | recall | precision |`);
  console.log(`|---|---:|---:|---:|---:|`);
  for (const [name, s] of [['paved', pavedLines], ['eslint-plugin-security', eslintLines]] as const) {
    console.log(`| ${name} | ${s.tp} | ${s.fp} | ${pct(s.tp / (s.tp + s.fn))} | ${pct(s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp))} |`);
  }
  console.log(`\npaved per rule: ${rulesAtFull} of ${pavedCorpus.size} rules at recall 1.0 with no false positive on the corpus (see \`npx vitest run src/security/sast/corpus.test.ts\`).`);
  await rm(work, { recursive: true, force: true });
}
