// Catalog figures (issue 3): 100,000 generated entities with realistic relations, ingested through
// locations (read, parse, validate, write) and then queried over HTTP with a token, on the embedded
// database and on PostgreSQL. Backstage's published figures are the peer (we cannot run Backstage here):
// 22.6 ms for a paginated list and 632 ms for facets at ~474k entities, and users report 15-20 s
// getEntities calls at 15-20k components.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CatalogService } from '../src/catalog/service.js';
import { startServer } from '../src/server.js';

const TOTAL = Number(process.env.PAVED_BENCH_CATALOG_ENTITIES ?? 100_000);
const PER_FILE = 1000;
const SAMPLES = 200;

const words = ['payments', 'ledger', 'orders', 'search', 'billing', 'identity', 'shipping', 'inventory', 'pricing', 'catalog', 'checkout', 'fraud', 'reports', 'email', 'media'];
const langs = ['java', 'go', 'python', 'typescript', 'rust', 'kotlin'];
const types = ['service', 'website', 'library', 'worker'];
const lifecycles = ['production', 'experimental', 'deprecated'];

/** Deterministic corpus: every entity kind, owners, systems, APIs provided/consumed, dependencies. */
function corpus(total: number): string[] {
  const groups = Math.max(4, Math.round(total * 0.004));
  const users = Math.round(total * 0.02);
  const domains = Math.max(2, Math.round(total * 0.0002));
  const systems = Math.max(5, Math.round(total * 0.005));
  const apis = Math.round(total * 0.15);
  const resources = Math.round(total * 0.07);
  const components = total - groups - users - domains - systems - apis - resources;
  const docs: string[] = [];
  const meta = (kind: string, name: string, extra = '') => `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}spec:\n`;
  for (let i = 0; i < groups; i++) docs.push(meta('Group', `team-${i}`, `  title: Team ${i}\n`) + `  type: team\n  children: []\n${i > 0 ? `  parent: team-${Math.floor((i - 1) / 8)}\n` : ''}`);
  for (let i = 0; i < users; i++) docs.push(meta('User', `user-${i}`) + `  profile: { displayName: User ${i} }\n  memberOf: [team-${i % groups}]\n`);
  for (let i = 0; i < domains; i++) docs.push(meta('Domain', `domain-${i}`) + `  owner: team-${i % groups}\n`);
  for (let i = 0; i < systems; i++) docs.push(meta('System', `system-${i}`, `  description: The ${words[i % words.length]} system\n`) + `  owner: team-${i % groups}\n  domain: domain-${i % domains}\n`);
  for (let i = 0; i < apis; i++) {
    docs.push(
      meta('API', `${words[i % words.length]}-api-${i}`, `  description: ${words[i % words.length]} API number ${i}\n  tags: [rest]\n`) +
        `  type: openapi\n  lifecycle: ${lifecycles[i % 3]}\n  owner: team-${i % groups}\n  system: system-${i % systems}\n  definition: "openapi: 3.0.0"\n`,
    );
  }
  for (let i = 0; i < resources; i++) docs.push(meta('Resource', `db-${i}`) + `  type: database\n  owner: team-${i % groups}\n  system: system-${i % systems}\n`);
  const apiName = (i: number) => `${words[i % words.length]}-api-${i}`;
  for (let i = 0; i < components; i++) {
    const w = words[i % words.length]!;
    docs.push(
      meta(
        'Component',
        `${w}-svc-${i}`,
        `  title: ${w[0]!.toUpperCase()}${w.slice(1)} service ${i}\n  description: Handles ${w} for ${words[(i * 7) % words.length]} in region ${i % 9}\n  tags: [${langs[i % langs.length]}, ${w}]\n  annotations:\n    github.com/project-slug: acme/${w}-svc-${i}\n`,
      ) +
        `  type: ${types[i % types.length]}\n  lifecycle: ${lifecycles[i % 3]}\n  owner: team-${i % groups}\n  system: system-${i % systems}\n` +
        `  providesApis: [${apiName(i % apis)}]\n  consumesApis: [${apiName((i * 31 + 7) % apis)}, ${apiName((i * 17 + 3) % apis)}]\n` +
        `  dependsOn: [component:${words[(i + 1) % words.length]}-svc-${(i + 1) % components}, resource:db-${i % resources}]\n`,
    );
  }
  return docs;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function latency(url: string, token: string, paths: (i: number) => string): Promise<{ p50: number; p99: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES + 20; i++) {
    const started = performance.now();
    const res = await fetch(url + paths(i), { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`${paths(i)} answered ${res.status}: ${text.slice(0, 200)}`);
    if (i >= 20) {
      times.push(performance.now() - started);
      bytes += text.length;
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), bytes: bytes / SAMPLES };
}

async function createPostgres(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const base = process.env.PAVED_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const pg = (await import('pg')).default;
  const name = `paved_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    console.log(`PostgreSQL not available at ${base.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`);
    return undefined;
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function run(label: string, files: string[], databaseUrl?: string): Promise<string[]> {
  const home = mkdtempSync(join(tmpdir(), 'paved-bench-catalog-'));
  const server = await startServer({ env: {}, overrides: { home, port: 0, logLevel: 'silent', demo: false, rateLimit: 0, databaseUrl } });
  try {
    const token = server.bootstrap!.token;
    const catalog = server.kernel.services.get('catalog') as CatalogService;
    const started = performance.now();
    let entities = 0;
    for (const file of files) {
      const result = await catalog.addLocation({ system: 'bench' }, { type: 'file', target: file }, false);
      if (result.problems.length) throw new Error(`${file}: ${JSON.stringify(result.problems[0])}`);
      entities += result.entities.length;
    }
    const seconds = (performance.now() - started) / 1000;
    const ingestRate = entities / seconds;
    console.error(`${label}: ingested ${entities} entities in ${seconds.toFixed(1)} s`);
    await server.kernel.db.query('ANALYZE');
    const componentCount = Math.floor(TOTAL * 0.6);
    const teams = Math.max(4, Math.round(TOTAL * 0.004));
    const q = (i: number) => {
      const j = (i * 97) % componentCount;
      return `/api/catalog/entities/by-name/component/default/${words[j % words.length]}-svc-${j}`;
    };
    const byName = await latency(server.url, token, (i) => q(i));
    const list = await latency(server.url, token, (i) => `/api/catalog/entities/by-query?filter=kind=component,spec.type=${types[i % types.length]}&limit=20`);
    const owned = await latency(server.url, token, (i) => `/api/catalog/entities/by-query?filter=kind=component,relations.ownedBy=group:default/team-${i % teams}&limit=20`);
    const facets = await latency(server.url, token, (i) => `/api/catalog/entity-facets?facet=spec.type&facet=spec.lifecycle&filter=kind=${i % 2 ? 'component' : 'api'}`);
    const fullText = await latency(server.url, token, (i) => `/api/catalog/entities/by-query?fullTextFilterTerm=${encodeURIComponent(`${words[i % words.length]} ${(i * 37) % 1000}`)}&limit=20`);
    const f = (x: { p50: number; p99: number }) => `${x.p50.toFixed(1)} \\| ${x.p99.toFixed(1)}`;
    return [
      `| ${label} | ingest through locations (${entities.toLocaleString('en-US')} entities, ${files.length} files) | ${ingestRate.toFixed(0)} entities/s (${seconds.toFixed(1)} s) | ≥ 2,000/s | |`,
      `| ${label} | GET by-name | ${f(byName)} | p99 < 5 ms | |`,
      `| ${label} | by-query first page, kind + spec.type filter, with totalItems | ${f(list)} | p99 < 50 ms | Backstage: 22.6 ms at ~474k |`,
      `| ${label} | by-query first page, kind + relations.ownedBy filter | ${f(owned)} | p99 < 50 ms | |`,
      `| ${label} | entity-facets (2 facets, kind filter) | ${f(facets)} | p99 < 200 ms | Backstage: 632 ms at ~474k |`,
      `| ${label} | full-text search, first page with totalItems | ${f(fullText)} | p99 < 100 ms | |`,
    ];
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paved-bench-corpus-'));
  try {
    mkdirSync(dir, { recursive: true });
    const docs = corpus(TOTAL);
    const files: string[] = [];
    for (let i = 0; i < docs.length; i += PER_FILE) {
      const file = join(dir, `catalog-${String(i / PER_FILE).padStart(3, '0')}.yaml`);
      writeFileSync(file, docs.slice(i, i + PER_FILE).join('---\n'));
      files.push(file);
    }
    const rows = ['| database | operation | p50 ms \\| p99 ms (or rate) | target | peer |', '|---|---|---|---|---|'];
    const only = process.env.PAVED_BENCH_CATALOG_BACKENDS?.split(',') ?? ['pglite', 'postgres'];
    if (only.includes('pglite')) rows.push(...(await run('embedded (PGlite)', files)));
    if (only.includes('postgres')) {
      const pg = await createPostgres();
      if (pg) {
        try {
          rows.push(...(await run('PostgreSQL', files, pg.url)));
        } finally {
          await pg.drop();
        }
      }
    }
    console.log(`${docs.length.toLocaleString('en-US')} generated entities (groups, users, domains, systems, APIs, resources, components with owner, system, provided/consumed APIs and dependencies), ${SAMPLES} sequential requests per query over HTTP with an API token.\n`);
    console.log(rows.join('\n'));
    console.log('\nPeer: Backstage\'s published figures (we cannot run Backstage on this machine): 22.6 ms for a paginated list and 632 ms for facets at ~474k entities; users report 15-20 s getEntities calls at 15-20k components.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
