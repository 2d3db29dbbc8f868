// Generates the secrets benchmark corpus once into bench/.work and reuses it: a tree of realistic source
// files with planted secrets (a manifest records each file and line), and a git repository of many
// commits built with `git fast-import`, where some planted secrets are deleted again in later commits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chars, digits, lowerDigits, pick, seeded, type Rng } from '../../src/security/secrets/testing/random.js';
import { plantableSecret } from '../../src/security/secrets/testing/corpus.js';

export interface Planted {
  file: string;
  line: number;
  ruleId: string;
  /** The generated secret (kept in bench/.work only) to match peers' reported lines. */
  secret: string;
}

const ident = (rng: Rng) => pick(rng, ['user', 'order', 'item', 'config', 'service', 'client', 'request', 'cache', 'event', 'account', 'payment', 'session', 'report', 'metric']) + pick(rng, ['Id', 'Name', 'List', 'Count', 'Handler', 'Store', 'Result', 'Options', '', 'Map']);

/** A pool of realistic lines in several languages, including innocent uses of secret-ish words. */
function linePool(rng: Rng): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const a = ident(rng);
    const b = ident(rng);
    lines.push(
      pick(rng, [
        `  const ${a} = await ${b}.fetch(${digits(rng, 3)});`,
        `  if (!${a}) throw new Error('missing ${b}: ' + ${a}Key);`,
        `export function ${a}To${b}(input: ${b}): ${a} { return { ...input, updatedAt: Date.now() }; }`,
        `    return this.${a}.get(key) ?? this.defaults.${b};`,
        `def ${a.toLowerCase()}_${b.toLowerCase()}(self, token_name, timeout=${digits(rng, 2)}):`,
        `        logger.info("loaded %s in %dms", ${a.toLowerCase()}, elapsed)`,
        `  ${a.toLowerCase()}: ${pick(rng, ['true', 'false', digits(rng, 3), `"${chars(rng, lowerDigits, 8)}"`])}`,
        `    image: registry.corp.internal/${a.toLowerCase()}:${digits(rng, 1)}.${digits(rng, 1)}.${digits(rng, 1)}`,
        `func (s *${a}) ${b}(ctx context.Context) error {`,
        `\tif err := s.db.QueryRowContext(ctx, query, id).Scan(&${a}.ID); err != nil {`,
        `// ${a} keeps the ${b.toLowerCase()} token cache warm so requests do not wait for the secret store.`,
        `  "${a}": "${chars(rng, lowerDigits, 12)}",`,
        `  password_file: /run/secrets/${a.toLowerCase()}`,
        `  const ${a}Secret = process.env.${a.toUpperCase()}_SECRET;`,
        `import { ${a}, ${b} } from './${a.toLowerCase()}.js';`,
        `      - name: ${a.toUpperCase()}_TOKEN\n        valueFrom: { secretKeyRef: { name: app, key: token } }`,
        `  }`,
        ``,
        `    sha256: ${chars(rng, '0123456789abcdef', 64)}`,
        `  "integrity": "sha512-${chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 86)}=="`,
      ]),
    );
  }
  return lines;
}

const extensions = ['ts', 'js', 'py', 'go', 'yaml', 'json', 'md', 'java', 'rb', 'tf'];

async function done(dir: string): Promise<boolean> {
  return existsSync(`${dir}.complete`);
}

/** The 1-based line where a secret planted at `lines[at]` starts (lines may hold several text lines). */
function plantedLine(lines: string[], at: number, text: string, secret: string): number {
  const before = at === 0 ? 0 : lines.slice(0, at).join('\n').split('\n').length;
  return before + 1 + (text.slice(0, Math.max(0, text.indexOf(secret))).split('\n').length - 1);
}

/** ~`files` files of ~10 KB (≈ files × 10 KB in all); every `every`-th file holds one planted secret. */
export async function generateTree(dir: string, files: number, every = 200): Promise<Planted[]> {
  const manifest = join(dir, '..', `${dir.split('/').pop()}.planted.json`);
  if ((await done(dir)) && existsSync(manifest)) return JSON.parse(await readFile(manifest, 'utf8')) as Planted[];
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const rng = seeded(7);
  const pool = linePool(rng);
  const planted: Planted[] = [];
  const dirs = Math.ceil(files / 100);
  for (let d = 0; d < dirs; d++) await mkdir(join(dir, `pkg${Math.floor(d / 50)}`, `mod${d}`), { recursive: true });
  const writes: Promise<void>[] = [];
  for (let i = 0; i < files; i++) {
    const d = Math.floor(i / 100);
    const rel = `pkg${Math.floor(d / 50)}/mod${d}/file${i}.${extensions[i % extensions.length]}`;
    const count = 150 + Math.floor(rng() * 200);
    const lines: string[] = [];
    for (let l = 0; l < count; l++) lines.push(pool[Math.floor(rng() * pool.length)]!);
    if (i % every === every - 1) {
      const s = plantableSecret(rng, planted.length);
      const at = Math.floor(rng() * count);
      lines.splice(at, 0, s.text);
      planted.push({ file: rel, line: plantedLine(lines, at, s.text, s.secret), ruleId: s.ruleId, secret: s.secret });
    }
    writes.push(writeFile(join(dir, rel), lines.join('\n') + '\n'));
    if (writes.length >= 64) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  await writeFile(manifest, JSON.stringify(planted));
  await writeFile(`${dir}.complete`, new Date().toISOString());
  return planted;
}

export interface PlantedCommit extends Planted {
  commitIndex: number;
}

/**
 * A repository of `commits` commits over `paths` files. Every `every`-th commit adds one secret; half of
 * those are deleted again a few commits later, so only a history scan can find them.
 */
export async function generateHistory(dir: string, commits: number, paths = 1000, every = 50): Promise<PlantedCommit[]> {
  const manifest = join(dir, '..', `${dir.split('/').pop()}.planted.json`);
  if ((await done(dir)) && existsSync(manifest)) return JSON.parse(await readFile(manifest, 'utf8')) as PlantedCommit[];
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await run('git', ['init', '-q', '-b', 'main', dir]);
  const rng = seeded(11);
  const pool = linePool(rng);
  const contents = new Map<string, string[]>();
  const planted: PlantedCommit[] = [];
  const removals = new Map<number, { path: string; text: string }>();
  const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
  const closed = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const write = (chunk: string) => (child.stdin.write(chunk) ? Promise.resolve() : new Promise<void>((r) => child.stdin.once('drain', () => r())));
  for (let c = 0; c < commits; c++) {
    const changed = new Set<string>();
    const edits = c === 0 ? Math.min(paths, 200) : 1 + Math.floor(rng() * 3);
    for (let e = 0; e < edits; e++) {
      const path = `src/m${Math.floor(rng() * (paths / 20))}/f${Math.floor(rng() * paths)}.${pick(rng, extensions)}`;
      const lines = contents.get(path) ?? [];
      const add = 5 + Math.floor(rng() * 20);
      for (let l = 0; l < add; l++) lines.splice(Math.floor(rng() * (lines.length + 1)), 0, pool[Math.floor(rng() * pool.length)]!);
      if (lines.length > 400) lines.splice(0, lines.length - 400);
      contents.set(path, lines);
      changed.add(path);
    }
    if (c > 0 && c % every === 0) {
      const path = [...changed][0]!;
      const lines = contents.get(path)!;
      const s = plantableSecret(rng, planted.length);
      const at = Math.floor(rng() * lines.length);
      lines.splice(at, 0, s.text);
      const line = plantedLine(lines, at, s.text, s.secret);
      planted.push({ file: path, line, ruleId: s.ruleId, secret: s.secret, commitIndex: c });
      if (planted.length % 2 === 0) removals.set(c + 3, { path, text: s.text });
    }
    const removal = removals.get(c);
    if (removal) {
      const lines = contents.get(removal.path)!;
      const index = lines.indexOf(removal.text);
      if (index >= 0) lines.splice(index, 1);
      changed.add(removal.path);
    }
    const when = 1600000000 + c * 3600;
    let chunk = `commit refs/heads/main\nmark :${c + 1}\nauthor Dev ${c % 7} <dev${c % 7}@corp.internal> ${when} +0000\ncommitter Dev ${c % 7} <dev${c % 7}@corp.internal> ${when} +0000\ndata <<EOM\nchange ${c}\nEOM\n`;
    if (c > 0) chunk += `from :${c}\n`;
    for (const path of changed) {
      const body = contents.get(path)!.join('\n') + '\n';
      chunk += `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
    await write(chunk);
  }
  child.stdin.end();
  if ((await closed) !== 0) throw new Error('git fast-import failed');
  await run('git', ['checkout', '-q', 'main'], dir);
  await writeFile(manifest, JSON.stringify(planted));
  await writeFile(`${dir}.complete`, new Date().toISOString());
  return planted;
}

export function run(cmd: string, args: string[], cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'ignore' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}
