// The offline OSV database: a folder with manifest.json and one JSON file per ecosystem keyed by record
// id. One file per ecosystem keeps a scan's load proportional to the ecosystems it has (JSON.parse of one
// large file is far faster than many small ones); keying by id makes re-import incremental: a record is
// replaced only when its `modified` is newer.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { InputError } from '../../../kernel/errors.js';
import type { DbManifest, EcosystemFile, StoredRecord } from './model.js';
import { osvProblem } from './validate.js';

const fileOf = (ecosystem: string) => `${ecosystem.replace(/[^A-Za-z0-9.-]+/g, '_')}.json`;

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
function compact(record: Record<string, any>, ecosystem: string): StoredRecord {
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

export class VulnDb {
  private loaded = new Map<string, EcosystemFile>();

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

  /** The records of one ecosystem (empty when none were imported). Cached for the life of this object. */
  async ecosystem(ecosystem: string): Promise<EcosystemFile> {
    let file = this.loaded.get(ecosystem);
    if (!file) {
      try {
        file = JSON.parse(await readFile(join(this.dir, fileOf(ecosystem)), 'utf8')) as EcosystemFile;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`vulnerability database ${this.dir} is damaged: ${fileOf(ecosystem)}: ${(error as Error).message}`);
        file = { ecosystem, records: {} };
      }
      this.loaded.set(ecosystem, file);
    }
    return file;
  }

  async import(path: string, onProgress?: (read: number) => void): Promise<ImportResult> {
    const result: ImportResult = { read: 0, added: 0, updated: 0, unchanged: 0, withdrawn: 0, invalid: [] };
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
      const problem = osvProblem(record);
      if (problem) {
        result.invalid.push({ source: doc.source, problem });
        continue;
      }
      const ecosystemsOfRecord = new Set<string>((record.affected ?? []).map((a: any) => baseEcosystem(a.package?.ecosystem)).filter(Boolean));
      let outcome: 'added' | 'updated' | 'unchanged' = 'unchanged';
      for (const eco of ecosystemsOfRecord) {
        const file = await this.ecosystem(eco);
        const existing = file.records[record.id];
        if (existing && Date.parse(existing.modified) >= Date.parse(record.modified)) continue;
        file.records[record.id] = compact(record, eco);
        touched.add(eco);
        outcome = existing ? 'updated' : outcome === 'updated' ? 'updated' : 'added';
      }
      result[outcome]++;
      if (record.withdrawn && outcome !== 'unchanged') result.withdrawn++;
    }
    await mkdir(this.dir, { recursive: true });
    const manifest = await this.manifest();
    for (const eco of touched) {
      const file = this.loaded.get(eco)!;
      await atomicWrite(join(this.dir, fileOf(eco)), JSON.stringify(file));
      const records = Object.values(file.records);
      manifest.ecosystems[eco] = {
        file: fileOf(eco),
        records: records.length,
        withdrawn: records.filter((r) => r.withdrawn).length,
        newestModified: records.reduce((m, r) => (r.modified > m ? r.modified : m), ''),
      };
    }
    manifest.updated = new Date().toISOString();
    await atomicWrite(join(this.dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    return result;
  }
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
