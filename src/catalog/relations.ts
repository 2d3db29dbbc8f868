// The relations each kind's spec fields produce (Backstage's BuiltinKindsEntityProcessor): the field,
// the kind a bare name in it refers to, and the relation type from the entity to the target. The reverse
// edge (ownerOf for ownedBy, …) is stored too, on the target's side.
import { DEFAULT_NAMESPACE, REVERSE_RELATION, type Entity } from './model.js';
import { parseEntityRef, stringifyEntityRef } from './refs.js';

export interface RelationField {
  field: string;
  defaultKind?: string;
  relation: string;
}

export const RELATION_FIELDS: Record<string, RelationField[]> = {
  Component: [
    { field: 'owner', defaultKind: 'Group', relation: 'ownedBy' },
    { field: 'system', defaultKind: 'System', relation: 'partOf' },
    { field: 'subcomponentOf', defaultKind: 'Component', relation: 'partOf' },
    { field: 'providesApis', defaultKind: 'API', relation: 'providesApi' },
    { field: 'consumesApis', defaultKind: 'API', relation: 'consumesApi' },
    { field: 'dependsOn', defaultKind: 'Component', relation: 'dependsOn' },
    { field: 'dependencyOf', defaultKind: 'Component', relation: 'dependencyOf' },
  ],
  API: [
    { field: 'owner', defaultKind: 'Group', relation: 'ownedBy' },
    { field: 'system', defaultKind: 'System', relation: 'partOf' },
  ],
  Resource: [
    { field: 'owner', defaultKind: 'Group', relation: 'ownedBy' },
    { field: 'system', defaultKind: 'System', relation: 'partOf' },
    { field: 'dependsOn', relation: 'dependsOn' },
    { field: 'dependencyOf', relation: 'dependencyOf' },
  ],
  System: [
    { field: 'owner', defaultKind: 'Group', relation: 'ownedBy' },
    { field: 'domain', defaultKind: 'Domain', relation: 'partOf' },
  ],
  Domain: [
    { field: 'owner', defaultKind: 'Group', relation: 'ownedBy' },
    { field: 'subdomainOf', defaultKind: 'Domain', relation: 'partOf' },
  ],
  Group: [
    { field: 'parent', defaultKind: 'Group', relation: 'childOf' },
    { field: 'children', defaultKind: 'Group', relation: 'parentOf' },
    { field: 'members', defaultKind: 'User', relation: 'hasMember' },
  ],
  User: [{ field: 'memberOf', defaultKind: 'Group', relation: 'memberOf' }],
  Template: [{ field: 'owner', defaultKind: 'Group', relation: 'ownedBy' }],
};

export interface Edge {
  source: string;
  type: string;
  target: string;
}

/** The edges an entity's spec declares, outgoing from it, plus their reverses (deduplicated). */
export function relationsOf(entity: Entity): Edge[] {
  const self = stringifyEntityRef(entity);
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const seen = new Set<string>();
  const edges: Edge[] = [];
  const push = (e: Edge) => {
    const key = `${e.source} ${e.type} ${e.target}`;
    if (!seen.has(key)) {
      seen.add(key);
      edges.push(e);
    }
  };
  for (const f of RELATION_FIELDS[entity.kind] ?? []) {
    const raw = entity.spec?.[f.field];
    const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    for (const v of values) {
      if (typeof v !== 'string' || !v) continue;
      const target = stringifyEntityRef(parseEntityRef(v, { defaultKind: f.defaultKind, defaultNamespace: namespace }));
      push({ source: self, type: f.relation, target });
      push({ source: target, type: REVERSE_RELATION[f.relation]!, target: self });
    }
  }
  return edges;
}
