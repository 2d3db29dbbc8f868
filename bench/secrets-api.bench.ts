// Secrets API figures (issue 8): reading a secret value and reading a SecureString parameter, against a
// plain authenticated GET (/api/v1/iam/whoami) in the same run, on the embedded database and on
// PostgreSQL; plus the in-process cost of the decryption in a read. Load: wrk in a separate process.
// (Configuration-session polls are not measured: the AppConfig data plane is not built yet.)
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { open, seal } from '../src/kms/envelope.js';
import type { KmsService } from '../src/kms/service.js';
import { startServer } from '../src/server.js';

const DURATION = process.env.PAVED_BENCH_SECONDS ?? '10';
const CONNECTIONS = '32';

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const ms = (value: string, unit: string) => (unit === 'us' ? Number(value) / 1000 : unit === 's' ? Number(value) * 1000 : Number(value));

async function wrk(url: string, token: string): Promise<WrkResult> {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency', '-H', `Authorization: Bearer ${token}`, url];
  const { stdout: out } = await promisify(execFile)('wrk', args, { encoding: 'utf8' });
  const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(out)!;
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out)!;
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]), p50: ms(p50[1]!, p50[2]!), p99: ms(p99[1]!, p99[2]!), errors: non2xx ? Number(non2xx[1]) : 0 };
}

async function measure(label: string, databaseUrl: string | undefined): Promise<string[]> {
  const home = mkdtempSync(join(tmpdir(), 'paved-bench-secrets-'));
  const server = await startServer({ env: {}, overrides: { home, port: 0, logLevel: 'silent', demo: false, rateLimit: 0, databaseUrl } });
  const token = server.bootstrap!.token;
  const call = (method: string, path: string, body: unknown) =>
    fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await call('POST', '/api/v1/secrets', { name: 'bench/db', secretString: JSON.stringify({ username: 'app', password: 'x'.repeat(900) }) });
  await call('PUT', `/api/v1/params?name=${encodeURIComponent('/bench/prod/key')}`, { value: 'k'.repeat(200), type: 'SecureString' });
  const routes: Array<[string, string]> = [
    ['plain authenticated GET /api/v1/iam/whoami', '/api/v1/iam/whoami'],
    ['secret value (1 KiB JSON), audited', '/api/v1/secrets/bench%2Fdb/value'],
    ['SecureString parameter, decrypted, audited', `/api/v1/params?name=${encodeURIComponent('/bench/prod/key')}&withDecryption=true`],
  ];
  const results: WrkResult[] = [];
  for (const [, path] of routes) {
    await wrk(server.url + path, token); // warm-up: JIT, caches
    results.push(await wrk(server.url + path, token));
  }
  const decrypt = decryptionCost(server.kernel.services.get('kms') as KmsService);
  await server.close();
  rmSync(home, { recursive: true, force: true });
  const base = results[0]!.rps;
  const rows = routes.map(([name], i) => {
    const r = results[i]!;
    return `| ${label} | ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${(r.rps / base).toFixed(2)} |`;
  });
  rows.push(`| ${label} | decryption per read (AES-256-GCM, 1 KiB, cached data key) | ${(await decrypt).toFixed(1)} µs | | | | |`);
  return rows;
}

/** In-process: what opening a 1 KiB value costs once its data key is cached, in microseconds. */
async function decryptionCost(_kms: KmsService): Promise<number> {
  const key = Buffer.alloc(32, 7);
  const aad = Buffer.from('secret:bench/db:v');
  const sealed = seal(key, Buffer.alloc(1024, 1), aad);
  for (let i = 0; i < 2000; i++) open(key, sealed, aad);
  const n = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) open(key, sealed, aad);
  return Number(process.hrtime.bigint() - start) / n / 1000;
}

export default async function run(): Promise<void> {
  console.log(`${new Date().toISOString().slice(0, 10)}, \`npm run bench -- secrets-api\`; load: wrk -t1 -c${CONNECTIONS} -d${DURATION}s in a separate process; target ≥ 5,000 req/s and p99 < 20 ms.\n`);
  console.log('| database | request | req/s | p50 ms | p99 ms | non-2xx | vs plain GET |');
  console.log('|---|---|---|---|---|---|---|');
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
}
