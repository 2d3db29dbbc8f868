// The catalog's Cedar declarations and the resource descriptors its routes hand to the authorizer.
// Reads are in `catalogRead` (every signed-in principal); edits are in `manage` (members of the
// entity's owning group) and `write` (administrators).
import type { FastifyRequest } from 'fastify';
import type { ResourceDescriptor } from '../kernel/authz/authorizer.js';
import { platformResource } from '../kernel/http/route-auth.js';
import type { Entity } from './model.js';
import { ownerGroupId, stringifyEntityRef } from './refs.js';
import type { EntityRow } from './store.js';

const who = 'principal: [User, ServiceAccount]';

export const catalogCedarSchema = `
  // A software catalog entity. owner: the Paved group named by spec.owner.
  entity CatalogEntity { owner?: Group, kind?: String };
  entity CatalogLocation;

  action "catalog:GetEntity" in [catalogRead, read] appliesTo { ${who}, resource: [CatalogEntity, Platform] };
  action "catalog:ListEntities" in [catalogRead, read] appliesTo { ${who}, resource: [Platform] };
  action "catalog:QueryEntities" in [catalogRead, read] appliesTo { ${who}, resource: [Platform] };
  action "catalog:GetEntitiesByRefs" in [catalogRead, read] appliesTo { ${who}, resource: [Platform] };
  action "catalog:GetEntityFacets" in [catalogRead, read] appliesTo { ${who}, resource: [Platform] };
  action "catalog:ValidateEntity" in [catalogRead, read] appliesTo { ${who}, resource: [Platform] };
  action "catalog:ListLocations" in [catalogRead, read] appliesTo { ${who}, resource: [Platform, CatalogLocation] };
  action "catalog:GetLocation" in [catalogRead, read] appliesTo { ${who}, resource: [CatalogLocation, CatalogEntity] };

  action "catalog:CreateEntity" in [manage, write] appliesTo { ${who}, resource: [CatalogEntity] };
  action "catalog:UpdateEntity" in [manage, write] appliesTo { ${who}, resource: [CatalogEntity] };
  action "catalog:DeleteEntity" in [manage, write] appliesTo { ${who}, resource: [CatalogEntity] };
  action "catalog:RefreshEntity" in [manage, write] appliesTo { ${who}, resource: [CatalogEntity, Platform] };
  action "catalog:CreateLocation" in [write] appliesTo { ${who}, resource: [Platform] };
  action "catalog:DeleteLocation" in [write] appliesTo { ${who}, resource: [CatalogLocation] };
  action "catalog:GetSettings" in [read] appliesTo { ${who}, resource: [Platform] };
  action "catalog:UpdateSettings" in [write] appliesTo { ${who}, resource: [Platform] };
`;

export function entityResource(row: EntityRow): ResourceDescriptor & { loaded: EntityRow } {
  return { type: 'CatalogEntity', id: row.ref, owner: row.owner_group_id, attrs: { kind: row.kind }, loaded: row };
}

/**
 * The entity a create request would make, read from the raw body before validation (the access check
 * runs first). Whoever creates an entity must be in the group it names as owner (or be an admin).
 */
export function proposedEntityResource(request: FastifyRequest): ResourceDescriptor {
  const body = request.body as Partial<Entity> | undefined;
  if (!body || typeof body !== 'object' || typeof body.kind !== 'string' || !body.metadata || typeof body.metadata.name !== 'string') {
    return { type: 'CatalogEntity', id: 'unnamed' };
  }
  let id = 'unnamed';
  try {
    id = stringifyEntityRef(body as Entity);
  } catch {
    // keep the placeholder id; validation reports the problem after the access check
  }
  return { type: 'CatalogEntity', id, owner: ownerGroupId(body as Entity), attrs: { kind: body.kind.toLowerCase() } };
}

export { platformResource };
