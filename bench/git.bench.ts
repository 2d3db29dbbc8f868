// Git hosting: clone of a 10,000-commit repository over Paved's smart HTTP (token auth, Cedar check,
// git http-backend) against `git clone --no-local` of the same bare repository, in the same run.
// Target (issue 9): Paved within 1.5x of the local clone.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer } from '../src/server.js';

const run = promisify(execFile);
const COMMITS = 10_000;
const FILES = 200;
const ROUNDS = 5;
const gitEnv = { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', HOME: tmpdir() };

/** A fast-import stream: COMMITS commits on main, each changing one of FILES files. */
function history(): string {
  const parts: string[] = [];
  const t0 = 1_700_000_000;
  for (let i = 1; i <= COMMITS; i++) {
    const body = `file ${i % FILES}\nrevision ${i}\n${'line of text that makes the file a little longer\n'.repeat(1 + (i % 7))}`;
    const msg = `change ${i}\n`;
    parts.push(
      `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.invalid> ${t0 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}` +
        (i > 1 ? `from :${i - 1}\n` : '') +
        `M 100644 inline src/f${i % FILES}.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`,
    );
  }
  return parts.join('');
}

function fastImport(repo: string, stream: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd: repo, env: gitEnv, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import failed: ${err}`))));
    child.stdin.end(stream);
  });
}

async function timeClone(source: string, dest: string, extra: string[]): Promise<number> {
  rmSync(dest, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  await run('git', ['clone', '--quiet', ...extra, source, dest], { env: gitEnv, maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  rmSync(dest, { recursive: true, force: true });
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function (): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'paved-git-bench-'));
  const server = await startServer({ env: {}, overrides: { home, port: 0, host: '127.0.0.1', logLevel: 'silent', demo: false, rateLimit: 0 } });
  try {
    const token = server.bootstrap!.token;
    const api = async (path: string, body: unknown) => {
      const r = await fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    };
    await api('/api/v1/iam/groups', { name: 'bench' });
    await api('/api/v1/git/repos', { owner: 'bench', name: 'big' });
    const bare = join(home, 'git', 'bench', 'big.git');
    const genStart = Date.now();
    await fastImport(bare, history());
    await run('git', ['gc', '--quiet'], { cwd: bare, env: gitEnv });
    const genMs = Date.now() - genStart;
    const size = (await run('git', ['count-objects', '-vH'], { cwd: bare, env: gitEnv })).stdout.match(/size-pack: (.*)/)?.[1] ?? '?';

    const url = new URL(`${server.url}/git/bench/big.git`);
    url.username = 'bench';
    url.password = token;
    const dest = join(home, 'clone');
    // One warm-up each (page cache, server JIT), then alternate so drift hits both equally.
    await timeClone(bare, dest, ['--no-local']);
    await timeClone(url.toString(), dest, []);
    const local: number[] = [];
    const paved: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      local.push(await timeClone(bare, dest, ['--no-local']));
      paved.push(await timeClone(url.toString(), dest, []));
    }
    const ratio = median(paved) / median(local);
    console.log(`repository: ${COMMITS.toLocaleString('en')} commits, ${FILES} files, pack ${size} (generated with git fast-import in ${genMs} ms)`);
    console.log(`median of ${ROUNDS} clones after one warm-up each, alternating:\n`);
    console.log('| clone | median | runs |');
    console.log('|---|---|---|');
    console.log(`| \`git clone --no-local\` of the bare repository (peer) | ${median(local).toFixed(0)} ms | ${local.map((x) => x.toFixed(0)).join(', ')} |`);
    console.log(`| \`git clone http://…/git/bench/big.git\` through Paved (token, Cedar, http-backend) | ${median(paved).toFixed(0)} ms | ${paved.map((x) => x.toFixed(0)).join(', ')} |`);
    console.log(`\nratio Paved / local: **${ratio.toFixed(2)}x** (target ≤ 1.5x) — ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}
