// Backstage's filter syntax compiled to SQL. `filter=kind=component,spec.type=service` is one filter
// set: conditions on different keys are ANDed, values of the same key ORed; repeated `filter` params
// are ORed. `key` alone asserts existence. Matching is case-insensitive. `kind`, `metadata.name` and
// `metadata.namespace` use the entity table's own indexed columns; `relations.<type>` uses the
// relations table; everything else the search rows.
import { InputError } from '../kernel/errors.js';
import { RELATION_PAIRS } from './model.js';

export interface Condition {
  key: string;
  /** Empty: the key must exist. */
  values: string[];
}

export type FilterSet = Condition[];

const RELATION_TYPES = new Map(RELATION_PAIRS.flat().map((t) => [t.toLowerCase(), t]));

export function parseFilters(params: string | string[] | undefined): FilterSet[] {
  const list = params === undefined ? [] : Array.isArray(params) ? params : [params];
  const sets: FilterSet[] = [];
  for (const param of list) {
    const byKey = new Map<string, Condition>();
    for (const part of param.split(',')) {
      const trimmed = part.trim();
      if (!trimmed) continue;
      const eq = trimmed.indexOf('=');
      const key = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim().toLocaleLowerCase('en-US');
      if (!key) throw new InputError(`filter "${param}" has a condition without a key`, [{ path: 'query.filter', message: 'empty key' }]);
      const c = byKey.get(key) ?? { key, values: [] };
      if (eq >= 0) c.values.push(trimmed.slice(eq + 1).trim().toLocaleLowerCase('en-US'));
      byKey.set(key, c);
    }
    if (byKey.size) sets.push([...byKey.values()]);
  }
  return sets;
}

/** Accumulates SQL parameters. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function conditionSql(c: Condition, p: Params, alias: string): string {
  const column = c.key === 'kind' ? 'kind' : c.key === 'metadata.name' ? 'name' : c.key === 'metadata.namespace' ? 'namespace' : undefined;
  if (column) return c.values.length ? `${alias}.${column} = ANY(${p.add(c.values)}::text[])` : 'TRUE';
  if (c.key === 'metadata.uid') return c.values.length ? `${alias}.uid::text = ANY(${p.add(c.values)}::text[])` : 'TRUE';
  if (c.key.startsWith('relations.')) {
    const type = RELATION_TYPES.get(c.key.slice('relations.'.length));
    if (!type) return 'FALSE';
    return `EXISTS (SELECT 1 FROM catalog_relations r WHERE r.type = ${p.add(type)} AND r.source_ref = ${alias}.ref${c.values.length ? ` AND r.target_ref = ANY(${p.add(c.values)}::text[])` : ''})`;
  }
  return `EXISTS (SELECT 1 FROM catalog_search s WHERE s.entity_uid = ${alias}.uid AND s.key = ${p.add(c.key)}${c.values.length ? ` AND s.value = ANY(${p.add(c.values)}::text[])` : ''})`;
}

/** SQL boolean expression for the filter sets over entity alias `alias` (`TRUE` when there are none). */
export function filterSql(sets: FilterSet[], p: Params, alias = 'e'): string {
  if (!sets.length) return 'TRUE';
  return sets.map((set) => `(${set.map((c) => conditionSql(c, p, alias)).join(' AND ')})`).join(' OR ');
}

/**
 * A prefix tsquery from what a user typed: every word must match the start of an indexed word
 * (`paym api` finds payments-api). Words are reduced to letters and digits so nothing a user types
 * can break the query syntax.
 */
export function fullTextQuery(term: string): string | null {
  const words = term
    .toLocaleLowerCase('en-US')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 16);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** Keeps only the listed fields (`metadata.name`, `spec`) of an entity, as Backstage's `fields` does. */
export function pickFields<T extends object>(entity: T, fields: string[] | undefined): Partial<T> {
  if (!fields || !fields.length) return entity;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const parts = field.split('.');
    let src: unknown = entity;
    for (const part of parts) src = src && typeof src === 'object' ? (src as Record<string, unknown>)[part] : undefined;
    if (src === undefined) continue;
    let dst = out;
    for (const part of parts.slice(0, -1)) dst = (dst[part] ??= {}) as Record<string, unknown>;
    dst[parts[parts.length - 1]!] = src;
  }
  return out as Partial<T>;
}

/** `fields=a,b&fields=c` → [a, b, c]. */
export function parseFields(raw: string | string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  return list.length ? list : undefined;
}
