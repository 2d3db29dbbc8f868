-- Git hosting: repository metadata (the objects live in bare repositories under $PAVED_HOME/git),
-- branch protection rules and one-time push overrides for the secrets check.
CREATE TABLE git_repositories (
  owner text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- private: the owning group only; internal: every signed-in principal reads; public: anyone reads.
  visibility text NOT NULL CHECK (visibility IN ('private', 'internal', 'public')),
  default_branch text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, name)
);

-- Rules per branch pattern (`main`, `release/*`); a ref matching no rule is unprotected.
CREATE TABLE git_branch_protection (
  owner text NOT NULL,
  name text NOT NULL,
  pattern text NOT NULL,
  allow_force_push boolean NOT NULL DEFAULT false,
  allow_deletion boolean NOT NULL DEFAULT false,
  PRIMARY KEY (owner, name, pattern),
  FOREIGN KEY (owner, name) REFERENCES git_repositories (owner, name) ON DELETE CASCADE
);

-- An admin's permission to push past the secrets check once, within ten minutes. Only the token's
-- sha256 is stored; the token is shown once to its creator.
CREATE TABLE git_push_overrides (
  id text PRIMARY KEY,
  owner text NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  FOREIGN KEY (owner, name) REFERENCES git_repositories (owner, name) ON DELETE CASCADE
);
CREATE INDEX git_push_overrides_repo ON git_push_overrides (owner, name);
