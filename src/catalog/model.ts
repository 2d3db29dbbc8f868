// The software catalog's words and shapes, the same as Backstage's catalog model
// (packages/catalog-model) so catalog-info.yaml files load unchanged.
//
// Glossary
//   entity        one described thing: apiVersion + kind + metadata + spec (a Component, a Group, …)
//   entity ref    `[kind:][namespace/]name`; canonical form `kind:namespace/name`, lowercased
//   relation      a typed edge between two entities, always stored in both directions (ownedBy/ownerOf)
//   location      a file: path or http(s) URL holding entity YAML; re-read on a schedule
//   managed by    an entity belongs either to one location (read-only through the API) or to the API
//   orphan        an entity whose location no longer produces it; removed per the orphan policy
//   search rows   flattened `key = value` pairs of an entity, lowercased, that filters and facets use

export interface EntityLink {
  url: string;
  title?: string;
  icon?: string;
  type?: string;
}

export interface EntityMeta {
  name: string;
  namespace?: string;
  uid?: string;
  etag?: string;
  title?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  tags?: string[];
  links?: EntityLink[];
  [key: string]: unknown;
}

export interface EntityRelation {
  type: string;
  targetRef: string;
}

export interface StatusItem {
  type: string;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: EntityMeta;
  spec?: Record<string, unknown>;
  relations?: EntityRelation[];
  status?: { items: StatusItem[] };
}

export interface CompoundRef {
  kind: string;
  namespace: string;
  name: string;
}

export const DEFAULT_NAMESPACE = 'default';

/** The kinds Paved knows, with the apiVersions Backstage accepts for each. */
export const KIND_API_VERSIONS: Record<string, readonly string[]> = {
  Component: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  API: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  Resource: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  System: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  Domain: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  Group: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  User: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  Location: ['backstage.io/v1alpha1', 'backstage.io/v1beta1'],
  Template: ['scaffolder.backstage.io/v1beta3'],
};

/** Relation pairs: each relation type and the type of its reverse edge. */
export const RELATION_PAIRS: Array<[string, string]> = [
  ['ownedBy', 'ownerOf'],
  ['partOf', 'hasPart'],
  ['providesApi', 'apiProvidedBy'],
  ['consumesApi', 'apiConsumedBy'],
  ['dependsOn', 'dependencyOf'],
  ['parentOf', 'childOf'],
  ['memberOf', 'hasMember'],
];

export const REVERSE_RELATION: Record<string, string> = Object.fromEntries(RELATION_PAIRS.flatMap(([a, b]) => [[a, b], [b, a]]));

/** Annotations Paved sets on entities it reads from a location (the same keys Backstage uses). */
export const ANNOTATION_LOCATION = 'backstage.io/managed-by-location';
export const ANNOTATION_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';
/** Where an entity's source can be edited; Backstage's key, used in the 409 for read-only entities. */
export const ANNOTATION_EDIT_URL = 'backstage.io/edit-url';

/** How an entity is managed: by a location (its key is the location target) or through the API. */
export const API_MANAGED = 'api';

export interface CatalogSettings {
  /** Seconds between scheduled re-reads of every location. */
  refreshIntervalSeconds: number;
  /** `keep` orphans (flagged), or delete them after `orphanGraceMinutes`. */
  orphanPolicy: 'keep' | 'delete';
  orphanGraceMinutes: number;
}

export const defaultSettings: CatalogSettings = { refreshIntervalSeconds: 100, orphanPolicy: 'delete', orphanGraceMinutes: 60 };
