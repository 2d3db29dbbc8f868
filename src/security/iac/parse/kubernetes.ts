// Kubernetes manifests: multi-document YAML → objects, each with its pod spec (when it has one) found
// through the workload kinds' different nesting, and suppressions from the `paved.dev/skip` annotation.
import type { Position } from '../model.js';
import { isObject } from '../evaluate.js';
import type { Suppressions } from '../resource.js';
import { parseYaml, type PositionIndex } from './yaml.js';

export interface K8sContainer {
  container: Record<string, unknown>;
  /** Path from the object root, e.g. `spec.template.spec.containers.0`. */
  path: string;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** `Kind/namespace/name` (namespace omitted when not set). */
  resource: string;
  raw: Record<string, unknown>;
  podSpec?: Record<string, unknown>;
  podSpecPath?: string;
  containers: K8sContainer[];
  where(path?: string): Position;
  suppressions: Suppressions;
}

const podSpecPaths: Record<string, string> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

export function looksLikeKubernetes(value: unknown): boolean {
  return isObject(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

function at(root: unknown, path: string): unknown {
  let v = root;
  for (const part of path.split('.')) {
    if (Array.isArray(v)) v = v[Number(part)];
    else if (isObject(v)) v = Object.hasOwn(v, part) ? v[part] : undefined;
    else return undefined;
  }
  return v;
}

export function objectsOf(values: unknown[], positions: PositionIndex): K8sObject[] {
  const out: K8sObject[] = [];
  const add = (raw: unknown) => {
    if (!looksLikeKubernetes(raw)) return;
    const obj = raw as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) return obj.items.forEach(add);
    const metadata = isObject(obj.metadata) ? obj.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    const kind = String(obj.kind);
    const specPath = Object.hasOwn(podSpecPaths, kind) ? podSpecPaths[kind] : undefined;
    const podSpec = specPath ? at(obj, specPath) : undefined;
    const containers: K8sContainer[] = [];
    if (isObject(podSpec))
      for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
        const cs = podSpec[list];
        if (Array.isArray(cs)) cs.forEach((c, i) => isObject(c) && containers.push({ container: c, path: `${specPath}.${list}.${i}` }));
      }
    const start = positions.of(obj) ?? { line: 1, column: 1 };
    out.push({
      apiVersion: String(obj.apiVersion),
      kind,
      name,
      namespace,
      resource: [kind, namespace, name].filter(Boolean).join('/'),
      raw: obj,
      podSpec: isObject(podSpec) ? podSpec : undefined,
      podSpecPath: specPath,
      containers,
      where(path = '') {
        let best = start;
        let container: unknown = obj;
        for (const part of path.split('.')) {
          if (!part) break;
          const key = Array.isArray(container) ? Number(part) : part;
          const p = positions.key(container, key);
          if (!p) break;
          best = p;
          container = (container as Record<string | number, unknown>)[key];
        }
        return best;
      },
      suppressions: annotationSuppressions(metadata, positions, start),
    });
  };
  values.forEach(add);
  return out;
}

/** `paved.dev/skip: "PAVED-K8S-001: reason; PAVED-K8S-007: reason"` (also one per line). */
function annotationSuppressions(metadata: Record<string, unknown>, positions: PositionIndex, fallback: Position): Suppressions {
  const byId: Suppressions['byId'] = new Map();
  const annotations = metadata.annotations;
  if (!isObject(annotations) || typeof annotations['paved.dev/skip'] !== 'string') return { byId };
  const position = positions.key(annotations, 'paved.dev/skip') ?? fallback;
  for (const entry of (annotations['paved.dev/skip'] as string).split(/[;\n]/)) {
    const m = /^\s*([\w.-]+)\s*(?::\s*(.*))?$/.exec(entry);
    if (m && m[1]) byId.set(m[1], { reason: (m[2] ?? '').trim(), source: 'annotation', position });
  }
  return { byId };
}

export function parseKubernetes(source: string): K8sObject[] {
  const { documents, positions } = parseYaml(source, { intrinsics: false });
  return objectsOf(documents.map((d) => d.value), positions);
}
