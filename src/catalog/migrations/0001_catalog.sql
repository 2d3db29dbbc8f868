-- The software catalog. Entities are stored whole (body jsonb, as served) plus what queries need:
-- a unique lowercased identity, the relations in both directions, Backstage-style search rows for
-- filters and facets, and a tsvector for full-text search.
CREATE TABLE catalog_locations (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  target text NOT NULL UNIQUE,
  -- Scheduling: the refresh loop claims rows whose next_refresh_at has passed (FOR UPDATE SKIP LOCKED).
  next_refresh_at timestamptz NOT NULL DEFAULT now(),
  last_refreshed_at timestamptz,
  -- What went wrong on the last read (unreadable file, invalid documents, refused takeovers).
  problems jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_locations_due ON catalog_locations (next_refresh_at);

CREATE TABLE catalog_entities (
  uid uuid PRIMARY KEY,
  -- Canonical ref `kind:namespace/name`, lowercased: names are unique per kind+namespace case-insensitively.
  ref text NOT NULL UNIQUE,
  kind text NOT NULL,
  namespace text NOT NULL,
  name text NOT NULL,
  body jsonb NOT NULL,
  -- A hash of the body; unchanged entities are not rewritten on refresh.
  hash text NOT NULL,
  etag text NOT NULL,
  generation integer NOT NULL DEFAULT 1,
  -- `api` for entities created through the API, otherwise the target of the location that produced it.
  managed_by text NOT NULL,
  orphaned_at timestamptz,
  -- The Paved group of spec.owner, for Cedar (members of the owning group edit the entity).
  owner_group_id text,
  status jsonb NOT NULL DEFAULT '[]',
  search_text tsvector NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_entities_managed_by ON catalog_entities (managed_by);
CREATE INDEX catalog_entities_kind_name ON catalog_entities (kind, name, uid);
CREATE INDEX catalog_entities_name ON catalog_entities (name, uid);
CREATE INDEX catalog_entities_orphaned ON catalog_entities (orphaned_at) WHERE orphaned_at IS NOT NULL;
CREATE INDEX catalog_entities_fts ON catalog_entities USING gin (search_text);

-- Both directions of every relation: the edge `source -type-> target` is written by the entity that
-- declares it (originator), so it disappears with that entity's next version.
CREATE TABLE catalog_relations (
  originator_uid uuid NOT NULL REFERENCES catalog_entities (uid) ON DELETE CASCADE,
  source_ref text NOT NULL,
  type text NOT NULL,
  target_ref text NOT NULL
);
CREATE INDEX catalog_relations_source ON catalog_relations (source_ref);
CREATE INDEX catalog_relations_type_target ON catalog_relations (type, target_ref);
CREATE INDEX catalog_relations_originator ON catalog_relations (originator_uid);

-- Flattened, lowercased `key = value` rows of each entity (Backstage's `search` table), for filters
-- and facets. value is NULL when too long to index (existence filters still match).
CREATE TABLE catalog_search (
  entity_uid uuid NOT NULL REFERENCES catalog_entities (uid) ON DELETE CASCADE,
  key text NOT NULL,
  value text,
  -- The value as written, for facets.
  original_value text
);
CREATE INDEX catalog_search_key_value ON catalog_search (key, value, entity_uid);
CREATE INDEX catalog_search_entity ON catalog_search (entity_uid);

-- Catalog settings an administrator changes through the API (one row).
CREATE TABLE catalog_settings (
  id boolean PRIMARY KEY DEFAULT TRUE CHECK (id),
  refresh_interval_seconds integer NOT NULL DEFAULT 100 CHECK (refresh_interval_seconds >= 5),
  orphan_policy text NOT NULL DEFAULT 'delete' CHECK (orphan_policy IN ('keep', 'delete')),
  orphan_grace_minutes integer NOT NULL DEFAULT 60 CHECK (orphan_grace_minutes >= 0),
  -- Set once the demo organisation was loaded, so emptying the catalog does not bring it back.
  demo_loaded_at timestamptz
);
INSERT INTO catalog_settings DEFAULT VALUES;
