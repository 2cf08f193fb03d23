CREATE TABLE app (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  owner_id uuid NOT NULL REFERENCES account (id),
  maintenance boolean NOT NULL DEFAULT false,
  -- buildpack URLs or registry names, in run order
  buildpacks text[] NOT NULL DEFAULT '{}',
  config_version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_owner ON app (owner_id);

CREATE TABLE config_var (
  app_id uuid NOT NULL REFERENCES app (id) ON DELETE CASCADE,
  name text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (app_id, name)
);

CREATE TABLE domain (
  id uuid PRIMARY KEY,
  hostname text NOT NULL UNIQUE,
  app_id uuid NOT NULL REFERENCES app (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX domain_app ON domain (app_id);
