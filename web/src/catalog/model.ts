// The catalog's shapes as the portal reads them (Backstage's entity format).
export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    etag?: string;
    title?: string;
    description?: string;
    tags?: string[];
    links?: Array<{ url: string; title?: string }>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  relations?: Array<{ type: string; targetRef: string }>;
  status?: { items: Array<{ type: string; level: string; message: string }> };
}

export interface QueryPage {
  items: Entity[];
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

export function refOf(e: Entity): string {
  return `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase();
}

/** `component:default/x` → `/catalog/component/default/x`. */
export function entityPath(ref: string): string {
  const m = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!m) return '/catalog';
  return `/catalog/${encodeURIComponent(m[1]!)}/${encodeURIComponent(m[2]!)}/${encodeURIComponent(m[3]!)}`;
}

export function apiPath(kind: string, namespace: string, name: string): string {
  return `/api/catalog/entities/by-name/${encodeURIComponent(kind)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

export const isApiManaged = (e: Entity) => !e.metadata.annotations?.['backstage.io/managed-by-location'];
