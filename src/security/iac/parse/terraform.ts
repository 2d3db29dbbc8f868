// Terraform modules (all .tf files of one folder) → resources with addresses, positions and an
// evaluator that resolves `var.x` (defaults) and `local.y`. HCL is parsed by @cdktf/hcl2json, HashiCorp's
// own HCL parser compiled to WebAssembly; it returns JSON without positions, so lines are found by
// locating each block's header in the source.
import { parse as parseHcl } from '@cdktf/hcl2json';
import { UNKNOWN, type Position } from '../model.js';
import { isObject, valuesAt, type Evaluator } from '../evaluate.js';
import type { ResourceView, Suppressions } from '../resource.js';
import { SourceError } from './yaml.js';

export interface TfFile {
  file: string;
  source: string;
  json: Record<string, unknown>;
}

export interface TfResource extends ResourceView {
  file: string;
}

/** Parses one .tf file. Throws SourceError with the parser's line on bad HCL. */
export async function parseTerraformFile(file: string, source: string): Promise<TfFile> {
  let json: Record<string, unknown>;
  try {
    json = (await parseHcl(file, source)) as Record<string, unknown>;
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    const at = /:(\d+),(\d+)/.exec(message);
    const clean = message.replace(/^parse config: \[?/, '').replace(/\]$/, '');
    throw new SourceError(clean, at ? Number(at[1]) : 0, at ? Number(at[2]) : 0);
  }
  const out = isObject(json) ? json : {};
  await expandJsonencode(out, file, { budget: 200 });
  return { file, source, json: out };
}

/**
 * `policy = jsonencode({...})` arrives as the expression text `${jsonencode({...})}`. Its argument is an
 * HCL object, so it is parsed again as the value of an attribute to get the document as data. All the
 * expressions of a file go through one parser call (each call into the WebAssembly parser has a fixed
 * cost); if that fails, each is tried alone so one odd expression doesn't hide the others.
 */
async function expandJsonencode(root: Record<string, unknown>, file: string, state: { budget: number }): Promise<void> {
  const sites: Array<{ holder: Record<string, unknown> | unknown[]; key: string | number; inner: string }> = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 64 || sites.length >= state.budget) return;
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((v, i) => [i, v]) : isObject(node) ? Object.entries(node) : [];
    for (const [k, v] of entries) {
      const m = typeof v === 'string' ? /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/.exec(v) : null;
      if (m) sites.push({ holder: node as Record<string, unknown>, key: k, inner: m[1] });
      else visit(v, depth + 1);
    }
  };
  visit(root, 0);
  if (!sites.length) return;
  const assign = (i: number, value: unknown) => {
    const site = sites[i];
    (site.holder as Record<string | number, unknown>)[site.key] = value;
  };
  try {
    const parsed = (await parseHcl(file, sites.map((s, i) => `v${i} = ${s.inner}\n`).join(''))) as Record<string, unknown>;
    sites.forEach((_, i) => `v${i}` in parsed && assign(i, parsed[`v${i}`]));
  } catch {
    for (let i = 0; i < sites.length; i++) {
      try {
        const parsed = (await parseHcl(file, `v = ${sites[i].inner}\n`)) as Record<string, unknown>;
        if ('v' in parsed) assign(i, parsed.v);
      } catch {
        // left as an expression: its value is unknown
      }
    }
  }
}

// Names here (documents, principal types, condition tests, variables, locals) come from the scanned
// files, so they are kept in Maps or null-prototype objects: `__proto__` or `constructor` stay names.

/** `data "aws_iam_policy_document"` blocks → the JSON policy documents they render. */
function policyDocuments(files: TfFile[]): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  for (const f of files) {
    const data = f.json.data;
    const docs = isObject(data) ? data.aws_iam_policy_document : undefined;
    if (!isObject(docs)) continue;
    for (const [name, bodies] of Object.entries(docs)) {
      const body = Array.isArray(bodies) ? bodies[0] : bodies;
      if (!isObject(body)) continue;
      const statements = (Array.isArray(body.statement) ? body.statement : []).filter(isObject).map((st) => {
        const s: Record<string, unknown> = { Effect: typeof st.effect === 'string' ? cap(st.effect) : 'Allow' };
        if (st.actions) s.Action = st.actions;
        if (st.not_actions) s.NotAction = st.not_actions;
        if (st.resources) s.Resource = st.resources;
        const principals = Array.isArray(st.principals) ? st.principals.filter(isObject) : [];
        if (principals.length) {
          const p = new Map<string, unknown[]>();
          for (const pr of principals) {
            const type = String(pr.type ?? 'AWS');
            p.set(type, [...(p.get(type) ?? []), ...(Array.isArray(pr.identifiers) ? pr.identifiers : [pr.identifiers])]);
          }
          const aws = p.get('AWS');
          s.Principal = aws?.length === 1 && aws[0] === '*' && p.size === 1 ? '*' : Object.fromEntries(p);
        }
        const conditions = Array.isArray(st.condition) ? st.condition.filter(isObject) : [];
        if (conditions.length) {
          const c = new Map<string, Record<string, unknown>>();
          for (const cond of conditions) c.set(String(cond.test), { ...c.get(String(cond.test)), [String(cond.variable)]: cond.values });
          s.Condition = Object.fromEntries(c);
        }
        return s;
      });
      out.set(name, { Version: '2012-10-17', Statement: statements });
    }
  }
  return out;
}

const topLevel = /^\s*(resource|data|module|variable|locals|output|provider|terraform|moved|import|check|removed)\b/;

interface Block {
  start: number; // 0-based line index of the header
  end: number; // exclusive
}

function blockRanges(lines: string[]): Map<string, Block> {
  const headers: Array<{ key: string; line: number }> = [];
  lines.forEach((line, i) => {
    const m = /^\s*(resource|data)\s+"?([\w-]+)"?\s+"?([\w-]+)"?/.exec(line);
    const v = /^\s*variable\s+"?([\w-]+)"?/.exec(line);
    if (m) headers.push({ key: `${m[1] === 'data' ? 'data.' : ''}${m[2]}.${m[3]}`, line: i });
    else if (v) headers.push({ key: `var.${v[1]}`, line: i });
    else if (topLevel.test(line)) headers.push({ key: '', line: i });
  });
  const out = new Map<string, Block>();
  headers.forEach((h, i) => {
    if (h.key) out.set(h.key, { start: h.line, end: headers[i + 1]?.line ?? lines.length });
  });
  return out;
}

const skipComment = /(?:#|\/\/)\s*(paved|checkov):skip=([\w.-]+)(?:[:\s]\s*(.*))?$/;

function commentSuppressions(lines: string[], block: Block): Suppressions {
  const byId: Suppressions['byId'] = new Map();
  let first = block.start;
  while (first > 0 && /^\s*(#|\/\/)/.test(lines[first - 1])) first--; // the comment block right above
  for (let i = first; i < block.end; i++) {
    const m = skipComment.exec(lines[i]);
    if (m) byId.set(m[2], { reason: (m[3] ?? '').trim(), source: m[1] === 'paved' ? 'inline' : 'checkov', position: { line: i + 1, column: 1 } });
  }
  return { byId };
}

export const variableType = 'variable';

export interface TfModule {
  resources: TfResource[];
  /** Input variables as views of type `variable` (secrets in variables). */
  variableViews: TfResource[];
  evaluator: Evaluator;
  variables: Record<string, Record<string, unknown>>;
}

/** Builds the resources of one module from its parsed files. */
export function buildModule(files: TfFile[]): TfModule {
  const variables: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  const locals = new Map<string, unknown>();
  for (const f of files) {
    if (isObject(f.json.variable))
      for (const [name, blocks] of Object.entries(f.json.variable)) {
        const b = Array.isArray(blocks) ? blocks[0] : blocks;
        if (isObject(b)) variables[name] = b;
      }
    const ls = f.json.locals;
    for (const block of Array.isArray(ls) ? ls : [ls]) if (isObject(block)) for (const [k, v] of Object.entries(block)) locals.set(k, v);
  }
  const whole = /^\$\{\s*(var|local)\.([\w-]+)\s*\}$/;
  const documents = policyDocuments(files);
  const documentRef = /^\$\{\s*data\.aws_iam_policy_document\.([\w-]+)\.json\s*\}$/;
  const evaluator: Evaluator = {
    possible(value: unknown): unknown[] {
      return [resolve(value, 0)];
    },
    missing(object, key) {
      const dyn = object.dynamic;
      for (const d of Array.isArray(dyn) ? dyn : [dyn]) if (isObject(d) && Object.hasOwn(d, key)) return UNKNOWN;
      return undefined;
    },
  };
  function lookup(kind: string, name: string, depth: number): unknown {
    if (kind === 'var') {
      const v = Object.hasOwn(variables, name) ? variables[name] : undefined;
      return v && Object.hasOwn(v, 'default') ? resolve(v.default, depth + 1) : UNKNOWN;
    }
    return locals.has(name) ? resolve(locals.get(name), depth + 1) : UNKNOWN;
  }
  function resolve(value: unknown, depth: number): unknown {
    if (typeof value !== 'string' || !value.includes('${')) return value;
    if (depth > 16) return UNKNOWN;
    const m = whole.exec(value);
    if (m) return lookup(m[1], m[2], depth);
    const d = documentRef.exec(value);
    if (d) return documents.get(d[1]) ?? UNKNOWN;
    let unknown = false;
    const out = value.replace(/\$\{([^}]*)\}/g, (_all, expr: string) => {
      const e = /^\s*(var|local)\.([\w-]+)\s*$/.exec(expr);
      const v = e ? lookup(e[1], e[2], depth) : UNKNOWN;
      if (v === UNKNOWN || (typeof v === 'object' && v !== null)) {
        unknown = true;
        return '';
      }
      return String(v);
    });
    return unknown ? UNKNOWN : out;
  }

  const resources: TfResource[] = [];
  const variableViews: TfResource[] = [];
  const byType = new Map<string, TfResource[]>();
  const makeView = (f: TfFile, lines: string[], ranges: Map<string, Block>, address: string, type: string, props: Record<string, unknown>): TfResource => {
    const block = ranges.get(address) ?? { start: 0, end: lines.length };
    const header: Position = { line: ranges.has(address) ? block.start + 1 : 0, column: 1 };
    return {
      file: f.file,
      name: address,
      type,
      props,
      get: (path) => valuesAt(props, path, evaluator),
      within: (value, path) => valuesAt(value, path, evaluator),
      where: (path = '') => {
        let at = block.start;
        for (const part of path.split('.')) {
          if (part === '' || part === '*' || /^\d+$/.test(part)) continue;
          const re = new RegExp(`^\\s*"?${part.replace(/[^\w-]/g, '')}"?\\s*(=|\\{)`);
          let found = -1;
          for (let i = at + 1; i < block.end; i++)
            if (re.test(lines[i])) {
              found = i;
              break;
            }
          if (found < 0) break;
          at = found;
        }
        return at === block.start ? header : { line: at + 1, column: (lines[at].search(/\S/) + 1) || 1 };
      },
      others: (t) => byType.get(t) ?? [],
      refersTo: (path, target) => {
        const raw = path === '' ? props : props[path.split('.')[0]];
        const text = JSON.stringify(raw ?? null);
        return text.includes(`${target.name}.`) || text.includes(`${target.name}}`);
      },
      suppressions: commentSuppressions(lines, block),
    };
  };
  for (const f of files) {
    const lines = f.source.split(/\r?\n/);
    const ranges = blockRanges(lines);
    if (isObject(f.json.variable))
      for (const [name, bodies] of Object.entries(f.json.variable)) {
        const body = Array.isArray(bodies) ? bodies[0] : bodies;
        variableViews.push(makeView(f, lines, ranges, `var.${name}`, variableType, isObject(body) ? body : {}));
      }
    const rs = f.json.resource;
    if (!isObject(rs)) continue;
    for (const [type, named] of Object.entries(rs)) {
      if (!isObject(named)) continue;
      for (const [name, bodies] of Object.entries(named)) {
        const body = Array.isArray(bodies) ? bodies[0] : bodies;
        const props = isObject(body) ? body : {};
        const view = makeView(f, lines, ranges, `${type}.${name}`, type, props);
        resources.push(view);
        const list = byType.get(type) ?? [];
        list.push(view);
        byType.set(type, list);
      }
    }
  }
  return { resources, variableViews, evaluator, variables };
}
