-- The release each app should run, as release-service last announced it.
CREATE TABLE app_release (
  app_id uuid PRIMARY KEY,
  app_name text NOT NULL,
  release_id uuid NOT NULL,
  version integer NOT NULL,
  slug_id text NOT NULL,
  slug_url text NOT NULL,
  process_types jsonb NOT NULL,
  config_vars jsonb NOT NULL,
  commit text,
  created_at timestamptz NOT NULL
);

-- Desired quantity per process type, as release-service last announced it.
CREATE TABLE formation (
  app_id uuid NOT NULL,
  type text NOT NULL,
  quantity integer NOT NULL,
  size text NOT NULL,
  PRIMARY KEY (app_id, type)
);

-- Actual dynos. Two rows may share a name while a new release replaces an old dyno (preboot).
CREATE TABLE dyno (
  id uuid PRIMARY KEY,
  app_id uuid NOT NULL,
  app_name text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  release_id uuid,
  release_version integer NOT NULL,
  state text NOT NULL CHECK (state IN ('starting', 'up', 'crashed', 'down')),
  host text NOT NULL DEFAULT '127.0.0.1',
  port integer,
  pid bigint,
  command text NOT NULL,
  size text NOT NULL DEFAULT 'standard-1X',
  restarts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dyno_app ON dyno (app_id, name);
