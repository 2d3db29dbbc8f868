// Search rows: an entity flattened into lowercased `key = value` pairs, as Backstage's catalog does
// (buildEntitySearch), so the same filters work: `spec.type=service`, `metadata.tags.java`,
// `metadata.annotations.backstage.io/orphan=true`. Relations are filtered from the relations table.
import { DEFAULT_NAMESPACE, type Entity } from './model.js';

export interface SearchRow {
  key: string;
  value: string | null;
  original: string | null;
}

const SKIP_ROOTS = new Set(['relations', 'status', 'attachments']);
/** Backstage's limits: longer keys are dropped, longer values kept as existence-only (NULL). */
const MAX_KEY = 200;
const MAX_VALUE = 200;

export function searchRows(entity: Entity): SearchRow[] {
  const rows: SearchRow[] = [];
  const push = (key: string, value: unknown) => {
    if (key.length > MAX_KEY) return;
    const original = value === null || value === undefined ? null : String(value);
    const v = original !== null && original.length <= MAX_VALUE ? original.toLocaleLowerCase('en-US') : null;
    rows.push({ key: key.toLocaleLowerCase('en-US'), value: v, original: v === null ? null : original });
  };
  const visit = (path: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) {
        visit(path, item);
        if (typeof item === 'string') push(`${path}.${item}`, 'true');
      }
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if (!path && SKIP_ROOTS.has(k)) continue;
        visit(p, v);
      }
      return;
    }
    push(path, value);
  };
  visit('', entity);
  if (!entity.metadata.namespace) push('metadata.namespace', DEFAULT_NAMESPACE);
  // Deduplicate: a list with repeated items would otherwise count twice in facets.
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.key}\u0000${r.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The text full-text search indexes, weighted: name and title (A), description and tags (B), annotations (C). */
export function searchDocument(entity: Entity): { a: string; b: string; c: string } {
  const m = entity.metadata;
  return {
    a: [m.name, m.title ?? ''].join(' '),
    b: [m.description ?? '', ...(m.tags ?? [])].join(' '),
    c: Object.entries(m.annotations ?? {})
      .filter(([k]) => !k.startsWith('backstage.io/managed-by'))
      .map(([k, v]) => `${k} ${v}`)
      .join(' ')
      // The simple parser keeps `acme/storefront-ui` as one file-path token; split it into words.
      .replace(/[/:@_.]+/g, ' '),
  };
}
