-- Identity: users, groups with nested membership, service accounts, API tokens, portal sessions.
CREATE TABLE users (
  id text PRIMARY KEY,
  name text NOT NULL,
  display_name text,
  email text,
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_name ON users (lower(name));

CREATE TABLE groups (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX groups_name ON groups (lower(name));

CREATE TABLE service_accounts (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  owner_group_id text REFERENCES groups (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX service_accounts_name ON service_accounts (lower(name));

-- A member is a user, a service account or another group (nesting). Cycles are refused by the service.
CREATE TABLE group_members (
  group_id text NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  member_type text NOT NULL CHECK (member_type IN ('user', 'service', 'group')),
  member_id text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, member_type, member_id)
);
CREATE INDEX group_members_member ON group_members (member_type, member_id);

-- Tokens are shown once; only their sha256 is kept (they carry 256 random bits, so a slow hash adds nothing).
CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  principal_type text NOT NULL CHECK (principal_type IN ('user', 'service')),
  principal_id text NOT NULL,
  description text NOT NULL DEFAULT '',
  prefix text NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_principal ON api_tokens (principal_type, principal_id);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Cedar policies added by administrators (the built-in ones live in code).
CREATE TABLE policies (
  id text PRIMARY KEY,
  description text NOT NULL DEFAULT '',
  body text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);

-- Audit: a gapless, hash-chained log. seq is assigned under an advisory lock (not a sequence, which
-- would leave gaps on rollback that look like deletions).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  resource text NOT NULL,
  outcome text NOT NULL,
  request_id text,
  source_ip text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_resource ON audit_log (resource, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- Signed digests over the chain (the idea of CloudTrail digest files).
CREATE TABLE audit_digests (
  id bigint PRIMARY KEY,
  last_seq bigint NOT NULL,
  last_hash text NOT NULL,
  at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);

-- Transactional outbox: domain events written in the same transaction as the change.
-- Ids from concurrent transactions can commit out of order, so delivery orders by the writing
-- transaction's id and only reads events whose transaction is older than every running one
-- (pg_snapshot_xmin): no event can later appear behind a subscriber's cursor.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  topic text NOT NULL,
  payload jsonb NOT NULL,
  actor text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_tx ON events (tx_id, id);

-- One cursor per subscriber, shared by every replica: the replica holding the row lock delivers.
CREATE TABLE event_cursors (
  subscriber text PRIMARY KEY,
  last_tx_id xid8 NOT NULL DEFAULT '0',
  last_event_id bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key handling for creates: the first response is replayed for 24 hours.
CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  status integer NOT NULL,
  body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);

CREATE TABLE kv_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
