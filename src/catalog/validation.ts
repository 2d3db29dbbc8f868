// Entity validation with Backstage's rules (catalog-model's KubernetesValidatorFunctions and the kind
// JSON schemas): the envelope, metadata formats, and the required spec fields of each kind. Every
// problem is reported with its field path, so a user can find it in the YAML.
import { KIND_API_VERSIONS, type Entity } from './model.js';
import { parseEntityRef, RefError } from './refs.js';
import { RELATION_FIELDS } from './relations.js';

export interface FieldProblem {
  path: string;
  message: string;
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DNS_SUBDOMAIN_PART = DNS_LABEL;
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;
const ROOT_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec']);
/** Written by the catalog itself; accepted on input (a GET result can be sent back) and ignored. */
const GENERATED_ROOT_KEYS = new Set(['relations', 'status']);

export const isValidEntityName = (v: string) => v.length >= 1 && v.length <= 63 && NAME.test(v);
export const isValidNamespace = (v: string) => v.length >= 1 && v.length <= 63 && DNS_LABEL.test(v);
export const isValidTag = (v: string) => v.length >= 1 && v.length <= 63 && TAG.test(v);

/** `[prefix/]name` where prefix is a DNS subdomain (≤ 253) and name an object name (≤ 63). */
export function isValidMetadataKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (!isValidEntityName(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length < 1 || prefix.length > 253) return false;
    if (!prefix.split('.').every((p) => p.length <= 63 && DNS_SUBDOMAIN_PART.test(p))) return false;
  }
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The required spec fields of each kind (Backstage's kind schemas), with their type. */
const SPEC_RULES: Record<string, { required: string[]; strings?: string[]; stringArrays?: string[] }> = {
  Component: {
    required: ['type', 'lifecycle', 'owner'],
    strings: ['type', 'lifecycle', 'owner', 'system', 'subcomponentOf'],
    stringArrays: ['providesApis', 'consumesApis', 'dependsOn', 'dependencyOf'],
  },
  API: { required: ['type', 'lifecycle', 'owner', 'definition'], strings: ['type', 'lifecycle', 'owner', 'definition', 'system'] },
  Resource: { required: ['type', 'owner'], strings: ['type', 'owner', 'system'], stringArrays: ['dependsOn', 'dependencyOf'] },
  System: { required: ['owner'], strings: ['owner', 'domain', 'type'] },
  Domain: { required: ['owner'], strings: ['owner', 'subdomainOf', 'type'] },
  Group: { required: ['type', 'children'], strings: ['type', 'parent'], stringArrays: ['children', 'members'] },
  User: { required: ['memberOf'], stringArrays: ['memberOf'] },
  Location: { required: [], strings: ['type', 'target', 'presence'], stringArrays: ['targets'] },
  Template: { required: ['type', 'steps'], strings: ['type', 'owner'] },
};

/**
 * Validates an entity; returns every problem found (empty when valid). Checks what Backstage checks,
 * in its words where they are clear.
 */
export function validateEntity(input: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input)) return [{ path: '', message: 'an entity must be an object (a YAML mapping)' }];
  for (const key of Object.keys(input)) {
    if (!ROOT_KEYS.has(key) && !GENERATED_ROOT_KEYS.has(key)) add(key, `unknown root field "${key}"; an entity has only apiVersion, kind, metadata and spec`);
  }
  const { apiVersion, kind, metadata, spec } = input;
  if (typeof apiVersion !== 'string' || !apiVersion) add('apiVersion', 'apiVersion is required and must be a string');
  if (typeof kind !== 'string' || !kind) add('kind', 'kind is required and must be a string');
  const versions = typeof kind === 'string' ? KIND_API_VERSIONS[kind] : undefined;
  if (typeof kind === 'string' && kind && !versions) {
    add('kind', `unknown kind "${kind}"; expected one of ${Object.keys(KIND_API_VERSIONS).join(', ')}`);
  } else if (versions && typeof apiVersion === 'string' && !versions.includes(apiVersion)) {
    add('apiVersion', `apiVersion "${apiVersion}" is not valid for kind ${String(kind)}; expected ${versions.join(' or ')}`);
  }
  if (!isObject(metadata)) {
    add('metadata', 'metadata is required and must be an object');
  } else {
    validateMetadata(metadata, add);
  }
  if (spec !== undefined && !isObject(spec)) add('spec', 'spec must be an object');
  const rules = typeof kind === 'string' ? SPEC_RULES[kind] : undefined;
  if (rules) {
    const s = isObject(spec) ? spec : {};
    for (const field of rules.required) if (s[field] === undefined || s[field] === null || s[field] === '') add(`spec.${field}`, `${kind} requires spec.${field}`);
    for (const field of rules.strings ?? []) {
      if (s[field] !== undefined && (typeof s[field] !== 'string' || s[field] === '')) add(`spec.${field}`, `spec.${field} must be a non-empty string`);
    }
    for (const field of rules.stringArrays ?? []) {
      const v = s[field];
      if (v === undefined) continue;
      if (!Array.isArray(v)) add(`spec.${field}`, `spec.${field} must be a list of strings`);
      else v.forEach((item, i) => typeof item !== 'string' || item === '' ? add(`spec.${field}[${i}]`, 'must be a non-empty string') : undefined);
    }
    if (kind === 'Template' && s.steps !== undefined && !Array.isArray(s.steps)) add('spec.steps', 'spec.steps must be a list');
    if (kind === 'API' && s.definition !== undefined && typeof s.definition !== 'string') add('spec.definition', 'spec.definition must be a string (use $text to read a file)');
    // References must parse with the field's default kind, like Backstage's processor does.
    const namespace = isObject(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    for (const f of RELATION_FIELDS[kind as string] ?? []) {
      const values = Array.isArray(s[f.field]) ? (s[f.field] as unknown[]) : s[f.field] === undefined ? [] : [s[f.field]];
      values.forEach((v, i) => {
        if (typeof v !== 'string' || v === '') return; // reported above
        try {
          parseEntityRef(v, { defaultKind: f.defaultKind, defaultNamespace: namespace });
        } catch (error) {
          if (error instanceof RefError) add(Array.isArray(s[f.field]) ? `spec.${f.field}[${i}]` : `spec.${f.field}`, error.message);
        }
      });
    }
  }
  return problems;
}

function validateMetadata(m: Record<string, unknown>, add: (path: string, message: string) => void): void {
  if (typeof m.name !== 'string' || m.name === '') add('metadata.name', 'metadata.name is required');
  else if (!isValidEntityName(m.name)) {
    add('metadata.name', `"${m.name}" is not a valid name: 1-63 characters of [a-zA-Z0-9] separated by [-_.], starting and ending with a letter or digit`);
  }
  if (m.namespace !== undefined && (typeof m.namespace !== 'string' || !isValidNamespace(m.namespace))) {
    add('metadata.namespace', `"${String(m.namespace)}" is not a valid namespace: a lowercase DNS label (a-z, 0-9 and -, at most 63 characters)`);
  }
  for (const field of ['title', 'description', 'uid', 'etag'] as const) {
    if (m[field] !== undefined && typeof m[field] !== 'string') add(`metadata.${field}`, `metadata.${field} must be a string`);
  }
  if (m.labels !== undefined) {
    if (!isObject(m.labels)) add('metadata.labels', 'metadata.labels must be a mapping of strings');
    else
      for (const [k, v] of Object.entries(m.labels)) {
        if (!isValidMetadataKey(k)) add(`metadata.labels.${k}`, `label key "${k}" is not valid: [prefix/]name, prefix a DNS subdomain, name like an entity name`);
        if (typeof v !== 'string' || (v !== '' && !isValidEntityName(v))) add(`metadata.labels.${k}`, `label value ${JSON.stringify(v)} is not valid: empty, or like an entity name`);
      }
  }
  if (m.annotations !== undefined) {
    if (!isObject(m.annotations)) add('metadata.annotations', 'metadata.annotations must be a mapping of strings');
    else
      for (const [k, v] of Object.entries(m.annotations)) {
        if (!isValidMetadataKey(k)) add(`metadata.annotations.${k}`, `annotation key "${k}" is not valid: [prefix/]name, prefix a DNS subdomain, name like an entity name`);
        if (typeof v !== 'string') add(`metadata.annotations.${k}`, 'annotation values must be strings');
      }
  }
  if (m.tags !== undefined) {
    if (!Array.isArray(m.tags)) add('metadata.tags', 'metadata.tags must be a list of strings');
    else
      m.tags.forEach((t, i) => {
        if (typeof t !== 'string' || !isValidTag(t)) {
          add(`metadata.tags[${i}]`, `tag ${JSON.stringify(t)} is not valid: 1-63 characters of lowercase a-z, 0-9, ":", "+", "#", words separated by "-"`);
        }
      });
  }
  if (m.links !== undefined) {
    if (!Array.isArray(m.links)) add('metadata.links', 'metadata.links must be a list');
    else
      m.links.forEach((l, i) => {
        if (!isObject(l) || typeof l.url !== 'string' || !l.url) add(`metadata.links[${i}].url`, 'a link needs a url');
        else for (const f of ['title', 'icon', 'type']) if (l[f] !== undefined && typeof l[f] !== 'string') add(`metadata.links[${i}].${f}`, `must be a string`);
      });
  }
}

/** Narrows after validation. */
export function asEntity(input: unknown): Entity {
  return input as Entity;
}
