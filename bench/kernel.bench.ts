// Kernel figures (issue: platform kernel): an authenticated, authorised GET of a small resource on the
// embedded database and on PostgreSQL, the same route with access control switched off (to price auth +
// Cedar + audit), and the cold start of `paved server` on an existing home.
// The load generator is wrk in a separate process; Paved serves from this one.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server.js';

const DURATION = process.env.PAVED_BENCH_SECONDS ?? '10';
const CONNECTIONS = '32';

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function ms(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

/** Async on purpose: the server under test shares this process's event loop. */
async function wrk(url: string, token?: string): Promise<WrkResult> {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency'];
  if (token) args.push('-H', `Authorization: Bearer ${token}`);
  const { stdout: out } = await promisify(execFile)('wrk', [...args, url], { encoding: 'utf8' });
  const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(out)!;
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out)!;
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]), p50: ms(p50[1]!, p50[2]!), p99: ms(p99[1]!, p99[2]!), errors: non2xx ? Number(non2xx[1]) : 0 };
}

async function measure(label: string, databaseUrl: string | undefined): Promise<string[]> {
  const home = mkdtempSync(join(tmpdir(), 'paved-bench-'));
  const overrides = { home, port: 0, logLevel: 'silent', demo: false, rateLimit: 0, databaseUrl };
  const rows: string[] = [];
  const secured = await startServer({ env: {}, overrides });
  const token = secured.bootstrap!.token;
  const path = '/api/v1/iam/users/admin';
  await wrk(secured.url + path, token); // warm-up: JIT, caches
  const on = await wrk(secured.url + path, token);
  await secured.close();
  const open = await startServer({ env: {}, overrides, unsafeDisableAccessControl: true });
  await wrk(open.url + path);
  const off = await wrk(open.url + path);
  await open.close();
  rmSync(home, { recursive: true, force: true });
  const cost = 1 - on.rps / off.rps;
  rows.push(`| ${label} | GET ${path} with token + Cedar | ${on.rps.toFixed(0)} | ${on.p50.toFixed(2)} | ${on.p99.toFixed(2)} | ${on.errors} |`);
  rows.push(`| ${label} | same route, access control off | ${off.rps.toFixed(0)} | ${off.p50.toFixed(2)} | ${off.p99.toFixed(2)} | ${off.errors} |`);
  rows.push(`| ${label} | cost of auth + Cedar + audit | ${(cost * 100).toFixed(1)}% of throughput | | | |`);
  return rows;
}

async function coldStart(): Promise<number[]> {
  const home = mkdtempSync(join(tmpdir(), 'paved-cold-'));
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'paved.js');
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, [bin, 'server', '--home', home, '--port', '0', '--log-level', 'error', '--no-demo'], {
        env: { ...process.env, PAVED_DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('running at')) {
          const elapsed = performance.now() - started;
          child.kill('SIGTERM');
          child.once('exit', () => resolve(elapsed));
        }
      });
      child.once('error', reject);
    });
  await once(); // creates the home
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(await once());
  rmSync(home, { recursive: true, force: true });
  return times.sort((a, b) => a - b);
}

export default async function run(): Promise<void> {
  console.log(`${new Date().toISOString().slice(0, 10)}, \`npm run bench -- kernel\`; load: wrk -t1 -c${CONNECTIONS} -d${DURATION}s in a separate process.\n`);
  console.log('| database | request | req/s | p50 ms | p99 ms | non-2xx |');
  console.log('|---|---|---|---|---|---|');
  for (const row of await measure('embedded (PGlite)', undefined)) console.log(row);
  const pgUrl = process.env.PAVED_TEST_DATABASE_URL ?? process.env.PAVED_BENCH_DATABASE_URL;
  if (pgUrl) {
    const { createPostgresDatabase } = await import('../test/support/databases.js');
    process.env.PAVED_TEST_DATABASE_URL = pgUrl;
    const db = await createPostgresDatabase();
    for (const row of await measure('PostgreSQL', db.url)) console.log(row);
    await db.drop();
  } else {
    console.log('\n(PostgreSQL skipped: set PAVED_TEST_DATABASE_URL)');
  }
  const times = await coldStart();
  console.log(`\nCold start of \`paved server\` on an existing home (spawn → "running", 5 runs): median ${times[2]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms.`);
}
