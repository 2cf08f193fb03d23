-- Apps as this service knows them. A deleted app keeps its row (deleted_at set) as a tombstone,
-- so a SlugBuilt that arrives after AppDeleted cannot resurrect it.
CREATE TABLE app (
  id uuid PRIMARY KEY,
  name text,
  owner_id uuid,
  owner_email text,
  deleted_at timestamptz
);

-- The latest config vars config-service announced; a release copies them.
CREATE TABLE config_snapshot (
  app_id uuid PRIMARY KEY REFERENCES app (id) ON DELETE CASCADE,
  version bigint NOT NULL,
  vars jsonb NOT NULL
);

-- Immutable: rows are inserted, never updated.
CREATE TABLE release (
  id uuid PRIMARY KEY,
  app_id uuid NOT NULL REFERENCES app (id) ON DELETE CASCADE,
  version int NOT NULL CHECK (version > 0),
  slug_id text NOT NULL,
  slug_url text,
  process_types jsonb NOT NULL,
  config_vars jsonb NOT NULL,
  description text NOT NULL,
  commit text,
  push_id uuid,
  user_id uuid,
  user_email text,
  created_at timestamptz NOT NULL,
  UNIQUE (app_id, version)
);

-- Desired state: how many dynos of which size per process type.
CREATE TABLE formation (
  id uuid NOT NULL UNIQUE,
  app_id uuid NOT NULL REFERENCES app (id) ON DELETE CASCADE,
  type text NOT NULL,
  quantity int NOT NULL CHECK (quantity BETWEEN 0 AND 100),
  size text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, type)
);
