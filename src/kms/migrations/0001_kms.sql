-- KMS: customer keys, their versions (material wrapped by the root key) and aliases.
CREATE TABLE kms_keys (
  id text PRIMARY KEY,
  description text NOT NULL DEFAULT '',
  spec text NOT NULL CHECK (spec IN ('SYMMETRIC_DEFAULT', 'ED25519', 'ECC_NIST_P256')),
  usage text NOT NULL CHECK (usage IN ('ENCRYPT_DECRYPT', 'SIGN_VERIFY')),
  state text NOT NULL DEFAULT 'Enabled' CHECK (state IN ('Enabled', 'Disabled', 'PendingDeletion')),
  owner_group_id text,
  current_version integer NOT NULL DEFAULT 1,
  -- Automatic rotation: every rotation_days days; the worker claims keys whose next_rotation_at passed.
  rotation_days integer CHECK (rotation_days IS NULL OR rotation_days BETWEEN 1 AND 2560),
  next_rotation_at timestamptz,
  deletion_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX kms_keys_rotation_due ON kms_keys (next_rotation_at) WHERE next_rotation_at IS NOT NULL;
CREATE INDEX kms_keys_deletion_due ON kms_keys (deletion_at) WHERE deletion_at IS NOT NULL;

-- Key material never sits here in the clear: it is AES-256-GCM encrypted under the root key with
-- AAD = "<key id>:<version>", so a wrapped blob cannot be swapped onto another key or version.
CREATE TABLE kms_key_versions (
  key_id text NOT NULL REFERENCES kms_keys (id) ON DELETE CASCADE,
  version integer NOT NULL,
  wrapped_material bytea NOT NULL,
  public_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key_id, version)
);

CREATE TABLE kms_aliases (
  name text PRIMARY KEY CHECK (name LIKE 'alias/%'),
  key_id text NOT NULL REFERENCES kms_keys (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kms_aliases_key ON kms_aliases (key_id);
