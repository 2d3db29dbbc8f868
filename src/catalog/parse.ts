// Reading entity YAML: multi-document files (the `yaml` package, which keeps node positions, so errors
// carry line numbers), `$text` / `$json` / `$yaml` placeholders resolved relative to the file, and
// validation per document. One bad document is reported and skipped; the good ones still load.
import jsyaml from 'js-yaml';
import { LineCounter, parseAllDocuments, parse as parseYamlText, type Document } from 'yaml';
import type { Entity } from './model.js';
import { validateEntity, type FieldProblem } from './validation.js';

export interface ParseProblem {
  /** The file or URL the document came from. */
  file: string;
  /** 0-based index of the document in a multi-document file. */
  document: number;
  /** Field path inside the document (`spec.owner`), empty for the document itself. */
  path: string;
  line?: number;
  message: string;
  /** The entity the bad document tried to define, when its kind and name are readable. */
  ref?: string;
  /** The document could not be parsed at all, so what it defines is unknown. */
  fatal?: boolean;
}

export interface ParsedDocument {
  entity: Entity;
  document: number;
}

export interface ParseResult {
  entities: ParsedDocument[];
  problems: ParseProblem[];
}

/** Reads the text behind a placeholder, given the absolute target. */
export type TextReader = (target: string) => Promise<string>;

/** Resolves `./openapi.yaml` against the file that mentions it (a path or a URL). */
export function resolveTarget(base: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) return target;
  if (/^https?:/i.test(base)) return new URL(target, base).toString();
  const path = base.startsWith('file:') ? new URL(base.startsWith('file:/') ? base : 'file://' + base.slice(5)).pathname : base;
  if (target.startsWith('/')) return target;
  return new URL(target, 'file://' + path).pathname;
}

/** Converts a validation path (`spec.providesApis[0]`, `metadata.annotations.backstage.io/x`) to YAML path segments. */
function pathSegments(path: string): Array<string | number> {
  for (const mapField of ['metadata.labels.', 'metadata.annotations.']) {
    if (path.startsWith(mapField)) return [...mapField.slice(0, -1).split('.'), path.slice(mapField.length)];
  }
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function lineOf(doc: Document, counter: LineCounter, path: string): number | undefined {
  const segments = path ? pathSegments(path) : [];
  // Walk up until a node exists (a missing field is reported at its parent).
  for (let n = segments.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true)) as { range?: [number, number, number] } | undefined;
    if (node && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

const PLACEHOLDERS = new Set(['$text', '$json', '$yaml']);

async function resolvePlaceholders(value: unknown, base: string, read: TextReader, path: string, problems: FieldProblem[]): Promise<unknown> {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await resolvePlaceholders(value[i], base, read, `${path}[${i}]`, problems));
    return out;
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && PLACEHOLDERS.has(entries[0]![0])) {
    const [kind, target] = entries[0]!;
    if (typeof target !== 'string' || !target) {
      problems.push({ path, message: `${kind} needs a file path or URL` });
      return undefined;
    }
    const absolute = resolveTarget(base, target);
    let text: string;
    try {
      text = await read(absolute);
    } catch (error) {
      problems.push({ path, message: `${kind} could not read ${absolute}: ${(error as Error).message}` });
      return undefined;
    }
    try {
      if (kind === '$text') return text;
      if (kind === '$json') return JSON.parse(text) as unknown;
      return parseYamlText(text) as unknown;
    } catch (error) {
      problems.push({ path, message: `${kind} ${absolute} does not parse: ${(error as Error).message}` });
      return undefined;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = await resolvePlaceholders(v, base, read, path ? `${path}.${k}` : k, problems);
  return out;
}

/**
 * Parses every document of `text` (from `file`), resolves placeholders with `read`, validates each
 * entity. Never throws for bad content: problems come back with file, document index, path and line.
 */
export async function parseEntities(text: string, file: string, read?: TextReader): Promise<ParseResult> {
  // Fast path: js-yaml (core schema, as `yaml` uses) is several times faster on large files; when every
  // document is valid we are done. Any problem re-parses with `yaml`, which knows line numbers.
  let fast: unknown[] | undefined;
  try {
    fast = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    fast = undefined;
  }
  if (fast) {
    const entities: ParsedDocument[] = [];
    let ok = true;
    for (let index = 0; index < fast.length && ok; index++) {
      const raw = fast[index];
      if (raw === null || raw === undefined) continue;
      const problems: FieldProblem[] = [];
      const resolved = read ? await resolvePlaceholders(raw, file, read, '', problems) : raw;
      if (problems.length || validateEntity(resolved).length) ok = false;
      else entities.push({ entity: resolved as Entity, document: index });
    }
    if (ok) return { entities, problems: [] };
  }
  return parsePrecisely(text, file, read);
}

async function parsePrecisely(text: string, file: string, read?: TextReader): Promise<ParseResult> {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const result: ParseResult = { entities: [], problems: [] };
  const list = Array.isArray(docs) ? docs : [docs];
  for (let index = 0; index < list.length; index++) {
    const doc = list[index] as Document;
    if (doc.errors.length) {
      for (const e of doc.errors) {
        result.problems.push({ file, document: index, path: '', line: e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line, message: `YAML syntax: ${e.message.split('\n')[0]}`, fatal: true });
      }
      continue;
    }
    if (doc.contents === null) continue; // an empty document (e.g. a trailing ---)
    const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
    const problems: FieldProblem[] = [];
    const resolved = read ? await resolvePlaceholders(raw, file, read, '', problems) : raw;
    // A placeholder that failed already explains its field; don't also report the field as missing.
    const explained = new Set(problems.map((p) => p.path));
    problems.push(...validateEntity(resolved).filter((p) => !explained.has(p.path)));
    if (problems.length) {
      const ref = refOfRaw(resolved);
      for (const p of problems) result.problems.push({ file, document: index, path: p.path, line: lineOf(doc, counter, p.path), message: p.message, ...(ref ? { ref } : {}) });
      continue;
    }
    result.entities.push({ entity: resolved as Entity, document: index });
  }
  return result;
}

function refOfRaw(raw: unknown): string | undefined {
  const r = raw as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  if (!r || typeof r.kind !== 'string' || typeof r.metadata?.name !== 'string') return undefined;
  const ns = typeof r.metadata.namespace === 'string' ? r.metadata.namespace : 'default';
  return `${r.kind}:${ns}/${r.metadata.name}`.toLocaleLowerCase('en-US');
}

/** `file.yaml:12 (document 2) spec.owner: message`, for CLI output and status items. */
export function formatProblem(p: ParseProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''} (document ${p.document + 1})${p.path ? ` ${p.path}` : ''}: ${p.message}`;
}
