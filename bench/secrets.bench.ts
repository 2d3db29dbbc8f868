// Secrets scanning benchmark (issue 6): Paved vs git-secrets (--scan, --scan-history), secretlint and
// ripgrep with Paved's patterns, on one generated tree with planted secrets and one generated history.
// Sizes: PAVED_BENCH_SECRETS_FILES (default 100000 ≈ 1 GB) and PAVED_BENCH_SECRETS_COMMITS (default 10000).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory, generateTree, run, type Planted } from './secrets/generate.js';
import { parseGrepLines, parseHistoryLines, parseSecretlint, writePatterns, type Reported } from './secrets/peers.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const work = join(repoRoot, 'bench', '.work');

interface Measured {
  tool: string;
  seconds: number;
  /** User + system CPU seconds: fairer than wall time when other work shares the machine. */
  cpuSeconds: number;
  peakMb: number;
  output: string;
  timedOut: boolean;
}

/** Runs a command under /usr/bin/time (wall seconds, peak RSS), stdout+stderr to a file. */
function measure(tool: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutSeconds = 1800): Promise<Measured> {
  const outFile = join(work, `out-${tool.replace(/\W+/g, '_')}.txt`);
  const timeFile = `${outFile}.time`;
  const fd = openSync(outFile, 'w');
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timeFile, cmd, ...args], { cwd, env, stdio: ['ignore', fd, fd], detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutSeconds * 1000);
    child.on('close', () => {
      clearTimeout(timer);
      closeSync(fd);
      const [seconds, kb, user, sys] = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [timeoutSeconds, 0, 0, 0];
      resolve({ tool, seconds: timedOut ? timeoutSeconds : seconds!, cpuSeconds: (user ?? 0) + (sys ?? 0), peakMb: Math.round((kb ?? 0) / 1024), output: readFileSync(outFile, 'latin1'), timedOut });
    });
  });
}

interface Score {
  recall: number;
  found: number;
  falsePositives: number;
}

function scoreByLine(planted: Planted[], reported: Reported[]): Score {
  const want = new Set(planted.map((p) => `${p.file}:${p.line}`));
  const got = new Set(reported.map((r) => `${r.file}:${r.line}`));
  let found = 0;
  for (const k of want) if (got.has(k)) found++;
  let fp = 0;
  for (const k of got) if (!want.has(k)) fp++;
  return { recall: found / planted.length, found, falsePositives: fp };
}

/** History: a planted secret counts when a report in its file shows the secret (tools report different lines). */
function scoreBySecret(planted: Planted[], reported: Reported[]): Score {
  let found = 0;
  const matched = new Set<Reported>();
  for (const p of planted) {
    const hits = reported.filter((r) => r.file === p.file && (r.text ?? '').includes(p.secret.split('\n')[0]!.slice(0, 24)));
    if (hits.length) found++;
    for (const h of hits) matched.add(h);
  }
  const unmatched = new Set(reported.filter((r) => !matched.has(r)).map((r) => `${r.file}:${r.text}`));
  return { recall: found / planted.length, found, falsePositives: unmatched.size };
}

function pavedReported(file: string): Reported[] {
  const findings = JSON.parse(readFileSync(file, 'utf8')) as Array<{ file: string; line: number; secret: string }>;
  return findings.map((f) => ({ file: f.file, line: f.line, text: f.secret }));
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export default async function secretsBenchmark(): Promise<void> {
  const files = Number(process.env.PAVED_BENCH_SECRETS_FILES ?? 100000);
  const commits = Number(process.env.PAVED_BENCH_SECRETS_COMMITS ?? 10000);
  mkdirSync(work, { recursive: true });
  const tree = join(work, `secrets-tree-${files}`);
  const history = join(work, `secrets-history-${commits}`);
  let t = Date.now();
  const planted = await generateTree(tree, files);
  console.log(`tree: ${files} files, ${planted.length} planted secrets (${Math.round((Date.now() - t) / 1000)} s to generate or reuse)`);
  t = Date.now();
  const plantedHistory = await generateHistory(history, commits);
  console.log(`history: ${commits} commits, ${plantedHistory.length} planted secrets, half deleted later (${Math.round((Date.now() - t) / 1000)} s)\n`);

  // git-secrets reads its patterns from git config: register its AWS provider in a private HOME.
  const home = join(work, 'git-secrets-home');
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  await new Promise<void>((resolve) => spawn('git', ['secrets', '--register-aws', '--global'], { env, stdio: 'ignore' }).on('close', () => resolve()));
  const rc = join(work, 'secretlintrc.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const patterns = writePatterns(work);
  const node = process.execPath;
  const runner = join(here, 'secrets', 'paved-runner.js');
  const secretlint = join(repoRoot, 'node_modules', '.bin', 'secretlint');

  await measure('warm-cache', 'rg', ['-c', 'zzqqxxyy-never', '.'], tree); // page cache warm for every tool
  const rows: string[] = [];
  const treeRuns: Array<{ m: Measured; s: Score }> = [];
  const paved = await measure('paved', node, [runner, 'tree', tree, join(work, 'paved-tree.json')], repoRoot);
  treeRuns.push({ m: paved, s: scoreByLine(planted, pavedReported(join(work, 'paved-tree.json'))) });
  const rg = await measure('rg (Paved patterns)', 'rg', ['-n', '--no-heading', '--regex-size-limit', '1G', '--dfa-size-limit', '1G', '-f', patterns, '.'], tree, process.env, Number(process.env.PAVED_BENCH_RG_TIMEOUT ?? 1800));
  treeRuns.push({ m: rg, s: rg.timedOut ? { recall: NaN, found: 0, falsePositives: NaN } : scoreByLine(planted, parseGrepLines(rg.output, './')) });
  const gs = await measure('git secrets --scan', 'git', ['secrets', '--scan', '--no-index'], tree, env);
  treeRuns.push({ m: gs, s: scoreByLine(planted, parseGrepLines(gs.output)) });
  const sl = await measure('secretlint', secretlint, ['**/*', '--format', 'json', '--secretlintrc', rc, '--no-maskSecrets'], tree, process.env, Number(process.env.PAVED_BENCH_SECRETLINT_TIMEOUT ?? 1800));
  treeRuns.push({ m: sl, s: sl.timedOut ? { recall: NaN, found: 0, falsePositives: NaN } : scoreByLine(planted, parseSecretlint(sl.output, tree)) });

  rows.push('| target | tool | wall time (s) | CPU time (s) | Paved is × faster (wall) | recall on planted | false positives | peak memory (MB) |', '|---|---|---|---|---|---|---|---|');
  for (const { m, s } of treeRuns) {
    const ratio = m.tool === 'paved' ? '—' : m.timedOut ? `> ${fmt(m.seconds / paved.seconds)}` : fmt(m.seconds / paved.seconds);
    const recall = m.timedOut ? 'n/a (killed)' : undefined;
    rows.push(`| tree | ${m.tool} | ${m.timedOut ? `> ${m.seconds} (killed)` : fmt(m.seconds)} | ${m.timedOut ? '—' : fmt(m.cpuSeconds)} | ${ratio} | ${recall ?? (Number.isNaN(s.recall) ? 'n/a' : `${s.found}/${planted.length} (${(s.recall * 100).toFixed(1)}%)`)} | ${Number.isNaN(s.falsePositives) ? 'n/a' : s.falsePositives} | ${m.peakMb} |`);
  }
  const pavedHistory = await measure('paved --history', node, [runner, 'history', history, join(work, 'paved-history.json')], repoRoot);
  const ph = scoreBySecret(plantedHistory, pavedReported(join(work, 'paved-history.json')));
  const gsh = await measure('git secrets --scan-history', 'git', ['secrets', '--scan-history'], history, env, Number(process.env.PAVED_BENCH_GITSECRETS_TIMEOUT ?? 1800));
  const gshs = scoreBySecret(plantedHistory, parseHistoryLines(gsh.output));
  rows.push(`| history | paved --history | ${fmt(pavedHistory.seconds)} | ${fmt(pavedHistory.cpuSeconds)} | — | ${ph.found}/${plantedHistory.length} (${(ph.recall * 100).toFixed(1)}%) | ${ph.falsePositives} | ${pavedHistory.peakMb} |`);
  rows.push(`| history | git secrets --scan-history | ${gsh.timedOut ? `> ${gsh.seconds} (killed)` : fmt(gsh.seconds)} | ${gsh.timedOut ? '—' : fmt(gsh.cpuSeconds)} | ${gsh.timedOut ? '> ' : ''}${fmt(gsh.seconds / pavedHistory.seconds)} | ${gshs.found}/${plantedHistory.length} (${(gshs.recall * 100).toFixed(1)}%) | ${gshs.falsePositives} | ${gsh.peakMb} |`);
  console.log(rows.join('\n'));
  console.log(`\nCommand: \`PAVED_BENCH_SECRETS_FILES=${files} PAVED_BENCH_SECRETS_COMMITS=${commits} node dist/bench/run.js secrets\`. One timed run per tool after a cache-warming pass; wall time, CPU time (user+sys, all threads and child processes) and peak RSS from /usr/bin/time.`);
  console.log('git-secrets runs with its AWS provider (`--register-aws`), secretlint with its recommended preset, rg with Paved\'s detector regexes (lookaheads dropped; line mode, so multi-line private keys are out of its reach).');
}
