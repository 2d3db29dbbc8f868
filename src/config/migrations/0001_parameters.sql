-- Parameter store: hierarchical names, typed values, versions with labels, expiry.
CREATE TABLE parameters (
  name text PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('String', 'StringList', 'SecureString')),
  description text NOT NULL DEFAULT '',
  kms_key_id text,
  owner_group_id text,
  current_version integer NOT NULL DEFAULT 1,
  expires_at timestamptz,
  notify_before_days integer,
  expiry_notified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parameters_expiry ON parameters (expires_at) WHERE expires_at IS NOT NULL;

-- String and StringList values are stored as text; SecureString values only as ciphertext sealed with
-- a data key from KMS (wrapped_key), never in the clear.
CREATE TABLE parameter_versions (
  name text NOT NULL REFERENCES parameters (name) ON DELETE CASCADE,
  version integer NOT NULL,
  value text,
  wrapped_key bytea,
  ciphertext bytea,
  modified_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

CREATE TABLE parameter_labels (
  name text NOT NULL,
  label text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (name, label),
  FOREIGN KEY (name, version) REFERENCES parameter_versions (name, version) ON DELETE CASCADE
);
