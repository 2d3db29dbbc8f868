-- Secrets: metadata, encrypted versions, staging labels, and durable rotation state.
CREATE TABLE secrets (
  name text PRIMARY KEY,
  description text NOT NULL DEFAULT '',
  kms_key_id text NOT NULL,
  owner_group_id text,
  tags jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Cedar text of the secret's resource policy (never a value); policy_version keys the decision cache.
  policy text,
  policy_version integer NOT NULL DEFAULT 0,
  rotator text,
  rotation_config jsonb,
  rotation_schedule text,
  next_rotation_at timestamptz,
  last_rotated_at timestamptz,
  last_rotation_error text,
  -- Set by DeleteSecret: the secret can be restored until purge_at, then the purge loop removes it.
  deleted_at timestamptz,
  purge_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX secrets_rotation_due ON secrets (next_rotation_at) WHERE next_rotation_at IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX secrets_purge_due ON secrets (purge_at) WHERE purge_at IS NOT NULL;

-- Each version: a data key wrapped by the secret's KMS key, and the value sealed with that data key
-- (AES-256-GCM, AAD = secret name + version id). Nothing here is readable without the KMS root key.
CREATE TABLE secret_versions (
  secret_name text NOT NULL REFERENCES secrets (name) ON DELETE CASCADE,
  version_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('string', 'binary')),
  wrapped_key bytea NOT NULL,
  ciphertext bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (secret_name, version_id)
);

CREATE TABLE secret_labels (
  secret_name text NOT NULL,
  label text NOT NULL,
  version_id text NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (secret_name, label),
  FOREIGN KEY (secret_name, version_id) REFERENCES secret_versions (secret_name, version_id) ON DELETE CASCADE
);
CREATE INDEX secret_labels_version ON secret_labels (secret_name, version_id);

-- One row per rotation in progress. The step is recorded after each step completes, so a server that
-- dies mid-rotation is replaced by one that resumes (or rolls back) from here. lease_until is the
-- claim: a row whose lease expired belongs to whichever worker claims it next (FOR UPDATE SKIP LOCKED).
CREATE TABLE secret_rotations (
  secret_name text PRIMARY KEY REFERENCES secrets (name) ON DELETE CASCADE,
  rotation_id text NOT NULL,
  pending_version_id text NOT NULL,
  step text NOT NULL CHECK (step IN ('createSecret', 'setSecret', 'testSecret', 'finishSecret')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  leased_by text,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX secret_rotations_due ON secret_rotations (next_attempt_at);

-- Outcome history of rotations (succeeded, rolled back, gave up), for describe and troubleshooting.
CREATE TABLE secret_rotation_history (
  id bigserial PRIMARY KEY,
  secret_name text NOT NULL REFERENCES secrets (name) ON DELETE CASCADE,
  rotation_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'rolled_back', 'failed')),
  step text,
  error text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX secret_rotation_history_secret ON secret_rotation_history (secret_name, id DESC);
