// The offline OSV database: a folder with manifest.json and one line-oriented file per ecosystem.
// Each line is `name \t id \t modified \t record-json`, one line per (package name, record) pair.
// Why: a scan needs the records of a few thousand names out of hundreds of thousands of records.
// Splitting lines and reading the tab-separated prefix indexes a 200,000-record file without parsing
// its JSON; only the records of the names asked for are parsed (bench/sca.bench.ts: JSON.parse of
// the whole file alone took 1.6 s of a 2 s budget). Import reads id and modified from the same prefix,
// so re-importing is incremental (a record is replaced only when its `modified` is newer) without
// parsing what is already stored.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { InputError } from '../../../kernel/errors.js';
import { normalizeName } from '../names.js';
import type { DbManifest, StoredRecord } from './model.js';
import { osvProblem } from './validate.js';

const fileOf = (ecosystem: string) => `${ecosystem.replace(/[^A-Za-z0-9.-]+/g, '_')}.tsv`;

export interface ImportResult {
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  invalid: Array<{ source: string; problem: string }>;
}

/** Every OSV JSON document under `path`: a .json file, a folder of them (recursively), or OSV's all.zip. */
async function* osvDocuments(path: string): AsyncGenerator<{ source: string; text: string }> {
  const info = await stat(path).catch(() => {
    throw new InputError(`${path} does not exist`);
  });
  if (info.isDirectory()) {
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!e.isFile()) continue;
      const full = join(e.parentPath, e.name);
      if (extname(e.name) === '.json') yield { source: relative(path, full), text: await readFile(full, 'utf8') };
      else if (extname(e.name) === '.zip') yield* zipDocuments(full, relative(path, full));
    }
  } else if (extname(path) === '.zip') yield* zipDocuments(path, path);
  else yield { source: path, text: await readFile(path, 'utf8') };
}

async function* zipDocuments(file: string, label: string): AsyncGenerator<{ source: string; text: string }> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(await readFile(file)), { filter: (f) => f.name.endsWith('.json') });
  } catch (error) {
    throw new InputError(`${label}: not a readable zip archive (${(error as Error).message})`);
  }
  const decoder = new TextDecoder();
  for (const [name, bytes] of Object.entries(files)) yield { source: `${label}!${name}`, text: decoder.decode(bytes) };
}

/** Keeps what matching and reporting need; the rest of a record (details, credits…) stays upstream. */
export function compactRecord(record: Record<string, any>, ecosystem: string): StoredRecord {
  const dbSeverity = record.database_specific?.severity ?? record.affected?.find((a: any) => a.ecosystem_specific?.severity)?.ecosystem_specific?.severity;
  return {
    id: record.id,
    modified: record.modified,
    ...(record.published ? { published: record.published } : {}),
    ...(record.withdrawn ? { withdrawn: record.withdrawn } : {}),
    ...(record.aliases?.length ? { aliases: record.aliases } : {}),
    ...(record.summary ? { summary: record.summary } : record.details ? { summary: String(record.details).split('\n')[0]!.slice(0, 200) } : {}),
    ...(record.severity?.length ? { severity: record.severity } : {}),
    ...(typeof dbSeverity === 'string' ? { dbSeverity } : {}),
    ...(record.references?.length ? { references: record.references.slice(0, 5).map((r: any) => r.url) } : {}),
    affected: (record.affected ?? [])
      .filter((a: any) => baseEcosystem(a.package?.ecosystem) === ecosystem)
      .map((a: any) => ({ name: a.package.name, ranges: a.ranges ?? [], ...(a.versions?.length ? { versions: a.versions } : {}) })),
  };
}

/** `Debian:12` → `Debian`; `npm` → `npm`. */
const baseEcosystem = (e: unknown) => String(e ?? '').split(':')[0]!;

/** One stored record as lines: one per package name it affects. */
export function recordLines(record: StoredRecord, ecosystem: string): string[] {
  const json = JSON.stringify(record);
  const names = [...new Set(record.affected.map((a) => normalizeName(ecosystem, a.name)))];
  // Tabs and newlines cannot occur in a name, id or timestamp the schema accepts; JSON escapes its own.
  return names.map((n) => `${n}\t${record.id}\t${record.modified}\t${record.withdrawn ? 'W' : ''}\t${json}`);
}

interface EcosystemState {
  /** id → its lines and the prefix facts import needs. */
  byId: Map<string, { modified: string; withdrawn: boolean; lines: string[] }>;
}

export class VulnDb {
  private texts = new Map<string, string[]>();
  private nameIndex = new Map<string, Map<string, string[]>>();
  private parsed = new Map<string, StoredRecord[]>();

  constructor(readonly dir: string) {}

  exists(): boolean {
    return existsSync(join(this.dir, 'manifest.json'));
  }

  async manifest(): Promise<DbManifest> {
    try {
      return JSON.parse(await readFile(join(this.dir, 'manifest.json'), 'utf8')) as DbManifest;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, updated: '', ecosystems: {} };
      throw new InputError(`vulnerability database ${this.dir} is damaged: manifest.json: ${(error as Error).message}`);
    }
  }

  /** The lines of one ecosystem's file (empty when none were imported). */
  private async lines(ecosystem: string): Promise<string[]> {
    let lines = this.texts.get(ecosystem);
    if (!lines) {
      try {
        lines = (await readFile(join(this.dir, fileOf(ecosystem)), 'utf8')).split('\n').filter(Boolean);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`vulnerability database ${this.dir}: cannot read ${fileOf(ecosystem)}: ${(error as Error).message}`);
        lines = [];
      }
      this.texts.set(ecosystem, lines);
    }
    return lines;
  }

  /** Loads and indexes one ecosystem by package name (done once; parsing waits until a name is asked for). */
  async load(ecosystem: string): Promise<Map<string, string[]>> {
    let index = this.nameIndex.get(ecosystem);
    if (!index) {
      index = new Map();
      for (const line of await this.lines(ecosystem)) {
        const name = line.slice(0, line.indexOf('\t'));
        const list = index.get(name);
        if (list) list.push(line);
        else index.set(name, [line]);
      }
      this.nameIndex.set(ecosystem, index);
    }
    return index;
  }

  /** Records (withdrawn ones included) that affect the package with this normalised name. */
  async recordsFor(ecosystem: string, normalizedName: string): Promise<StoredRecord[]> {
    const cacheKey = `${ecosystem}\u0000${normalizedName}`;
    let records = this.parsed.get(cacheKey);
    if (!records) {
      const lines = (await this.load(ecosystem)).get(normalizedName) ?? [];
      records = lines.map((line, i) => {
        try {
          return JSON.parse(line.slice(nthTab(line, 4) + 1)) as StoredRecord;
        } catch (error) {
          throw new InputError(`vulnerability database ${this.dir}: ${fileOf(ecosystem)} has a damaged record for ${normalizedName} (#${i + 1}): ${(error as Error).message}`);
        }
      });
      this.parsed.set(cacheKey, records);
    }
    return records;
  }

  private async state(ecosystem: string): Promise<EcosystemState> {
    const byId: EcosystemState['byId'] = new Map();
    for (const line of await this.lines(ecosystem)) {
      const [, id, modified, withdrawn] = line.slice(0, nthTab(line, 4)).split('\t');
      const entry = byId.get(id!);
      if (entry) entry.lines.push(line);
      else byId.set(id!, { modified: modified!, withdrawn: withdrawn === 'W', lines: [line] });
    }
    return { byId };
  }

  private async alreadyCurrent(record: Record<string, any>, states: Map<string, EcosystemState>): Promise<boolean> {
    if (typeof record?.id !== 'string' || typeof record.modified !== 'string' || !Array.isArray(record.affected) || !record.affected.length) return false;
    for (const a of record.affected) {
      const eco = baseEcosystem(a?.package?.ecosystem);
      if (!eco) return false;
      let state = states.get(eco);
      if (!state) states.set(eco, (state = await this.state(eco)));
      const existing = state.byId.get(record.id);
      if (!existing || !(Date.parse(existing.modified) >= Date.parse(record.modified))) return false;
    }
    return true;
  }

  async import(path: string, onProgress?: (read: number) => void): Promise<ImportResult> {
    const result: ImportResult = { read: 0, added: 0, updated: 0, unchanged: 0, withdrawn: 0, invalid: [] };
    const states = new Map<string, EcosystemState>();
    const touched = new Set<string>();
    for await (const doc of osvDocuments(path)) {
      result.read++;
      if (onProgress && result.read % 1000 === 0) onProgress(result.read);
      let record: Record<string, any>;
      try {
        record = JSON.parse(doc.text);
      } catch (error) {
        result.invalid.push({ source: doc.source, problem: `invalid JSON: ${(error as Error).message}` });
        continue;
      }
      // A record we already hold at the same or a newer `modified` is unchanged: no need to validate it again.
      if (await this.alreadyCurrent(record, states)) {
        result.unchanged++;
        continue;
      }
      const problem = osvProblem(record);
      if (problem) {
        result.invalid.push({ source: doc.source, problem });
        continue;
      }
      const ecosystemsOfRecord = new Set<string>((record.affected ?? []).map((a: any) => baseEcosystem(a.package?.ecosystem)).filter(Boolean));
      let outcome = 'unchanged' as 'added' | 'updated' | 'unchanged';
      for (const eco of ecosystemsOfRecord) {
        let state = states.get(eco);
        if (!state) states.set(eco, (state = await this.state(eco)));
        const existing = state.byId.get(record.id);
        if (existing && Date.parse(existing.modified) >= Date.parse(record.modified)) continue;
        const stored = compactRecord(record, eco);
        state.byId.set(record.id, { modified: stored.modified, withdrawn: Boolean(stored.withdrawn), lines: recordLines(stored, eco) });
        touched.add(eco);
        outcome = existing || outcome === 'updated' ? 'updated' : 'added';
      }
      result[outcome]++;
      if (record.withdrawn && outcome !== 'unchanged') result.withdrawn++;
    }
    await mkdir(this.dir, { recursive: true });
    const manifest = await this.manifest();
    for (const eco of touched) {
      const { byId } = states.get(eco)!;
      const lines = [...byId.values()].flatMap((e) => e.lines);
      await atomicWrite(join(this.dir, fileOf(eco)), lines.join('\n') + '\n');
      let newest = '';
      let withdrawn = 0;
      for (const e of byId.values()) {
        if (e.modified > newest) newest = e.modified;
        if (e.withdrawn) withdrawn++;
      }
      manifest.ecosystems[eco] = { file: fileOf(eco), records: byId.size, withdrawn, newestModified: newest };
      this.texts.delete(eco);
      this.nameIndex.delete(eco);
    }
    this.parsed.clear();
    manifest.updated = new Date().toISOString();
    await atomicWrite(join(this.dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    return result;
  }
}

function nthTab(line: string, n: number): number {
  let i = -1;
  for (let k = 0; k < n; k++) i = line.indexOf('\t', i + 1);
  return i;
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
