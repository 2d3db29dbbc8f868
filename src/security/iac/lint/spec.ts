// CloudFormation resource specifications from @aws-cdk/aws-service-spec (the AWS CDK team's database of
// every resource type, property, attribute and enum, regenerated from the CloudFormation registry
// schemas). It ships as one 2.6 MB db.json.gz (15 MB of JSON, ~0.4 s to load); it is read lazily, once
// per process, and only the resource and type tables are kept.
import { readFileSync } from 'node:fs';
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

export function loadSpec(): SpecIndex {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const path = require.resolve('@aws-cdk/aws-service-spec/db.json.gz');
  const db = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { schema: Record<string, { entities?: Entity[] }> };
  const resources = new Map<string, ResourceSpec>();
  for (const e of db.schema.resource?.entities ?? []) {
    if (!e.cloudFormationType) continue;
    resources.set(e.cloudFormationType, { properties: e.properties ?? {}, attributes: new Set(Object.keys(e.attributes ?? {})) });
  }
  const types = new Map<string, { name: string; properties: Record<string, PropertySpec> }>();
  for (const e of db.schema.typeDefinition?.entities ?? []) types.set(e.$id, { name: e.name ?? e.$id, properties: e.properties ?? {} });
  cached = { resources, types };
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
