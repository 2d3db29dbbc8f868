// CloudFormation resource specifications from @aws-cdk/aws-service-spec (the AWS CDK team's database of
// every resource type, property, attribute and enum, regenerated from the CloudFormation registry
// schemas). It ships as one 2.6 MB db.json.gz (15 MB of JSON, ~0.4 s to load); it is read lazily, once
// per process, through a compact index cached in the temp directory (see loadSpec).
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

export interface TypeSpec {
  type: string;
  element?: TypeSpec;
  reference?: { $ref: string };
  types?: TypeSpec[];
  allowedValues?: string[];
}

export interface PropertySpec {
  type: TypeSpec;
  required?: boolean;
}

export interface ResourceSpec {
  properties: Record<string, PropertySpec>;
  attributes: Set<string>;
}

export interface SpecIndex {
  resources: Map<string, ResourceSpec>;
  types: Map<string, { name: string; properties: Record<string, PropertySpec> }>;
}

let cached: SpecIndex | undefined;

interface Entity {
  $id: string;
  cloudFormationType?: string;
  name?: string;
  properties?: Record<string, PropertySpec>;
  attributes?: Record<string, unknown>;
}

interface CompactSpec {
  resources: Record<string, { properties: Record<string, PropertySpec>; attributes: string[] }>;
  types: Record<string, { name: string; properties: Record<string, PropertySpec> }>;
}

/** Keeps only what lint needs (types, required, allowed values): ~15 MB of JSON becomes ~3 MB. */
function compact(db: { schema: Record<string, { entities?: Entity[] }> }): CompactSpec {
  const slim = (props: Record<string, PropertySpec> | undefined) =>
    Object.fromEntries(Object.entries(props ?? {}).map(([k, p]) => [k, p.required ? { type: p.type, required: true } : { type: p.type }]));
  const resources: CompactSpec['resources'] = {};
  for (const e of db.schema.resource?.entities ?? [])
    if (e.cloudFormationType) resources[e.cloudFormationType] = { properties: slim(e.properties), attributes: Object.keys(e.attributes ?? {}) };
  const types: CompactSpec['types'] = {};
  for (const e of db.schema.typeDefinition?.entities ?? []) types[e.$id] = { name: e.name ?? e.$id, properties: slim(e.properties) };
  return { resources, types };
}

/**
 * The first load in a machine's life decompresses the database and writes the compact index to the
 * temp directory (keyed by the package version and file size); later processes — and every worker
 * thread of a scan — read the 3 MB index instead (~30 ms instead of ~450 ms).
 */
export function loadSpec(): SpecIndex {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const path = require.resolve('@aws-cdk/aws-service-spec/db.json.gz');
  const version = (JSON.parse(readFileSync(join(dirname(path), 'package.json'), 'utf8')) as { version: string }).version;
  const cacheFile = join(tmpdir(), `paved-iac-spec-${version}-${statSync(path).size}.json`);
  let spec: CompactSpec | undefined;
  try {
    spec = JSON.parse(readFileSync(cacheFile, 'utf8')) as CompactSpec;
  } catch {
    spec = compact(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')));
    try {
      const temp = `${cacheFile}.${process.pid}.${threadId}.tmp`;
      writeFileSync(temp, JSON.stringify(spec));
      renameSync(temp, cacheFile); // atomic: concurrent scans never read a half-written index
    } catch {
      // A read-only temp directory only costs speed.
    }
  }
  const resources = new Map<string, ResourceSpec>();
  for (const [type, r] of Object.entries(spec.resources)) resources.set(type, { properties: r.properties, attributes: new Set(r.attributes) });
  cached = { resources, types: new Map(Object.entries(spec.types)) };
  return cached;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small distance, or undefined. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = distance(lower, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  // Shared-prefix names (VpcName → VpcId) are closer in meaning than their edit distance suggests.
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(name.length / 3));
  if (bestScore <= limit) return best;
  for (const c of candidates) if (c.length >= 3 && name.length >= 3 && c.slice(0, 3).toLowerCase() === lower.slice(0, 3) && distance(lower, c.toLowerCase()) <= Math.ceil(name.length / 2)) return c;
  return undefined;
}
