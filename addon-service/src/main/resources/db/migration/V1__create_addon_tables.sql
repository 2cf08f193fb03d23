-- Add-ons: one provider resource each (a database and its owner role on the tenant-data cluster,
-- both named provider_id). Apps come from the kit's kit_app; a destroyed add-on's row is deleted.
CREATE TABLE addon (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  app_id uuid NOT NULL,
  plan text NOT NULL,
  provider_id text NOT NULL UNIQUE,
  state text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX addon_app ON addon (app_id);

-- How an app sees an add-on: the attachment's name (DATABASE) and the config var it owns (DATABASE_URL).
CREATE TABLE addon_attachment (
  id uuid PRIMARY KEY,
  addon_id uuid NOT NULL REFERENCES addon (id) ON DELETE CASCADE,
  app_id uuid NOT NULL,
  name text NOT NULL,
  config_var text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (app_id, name),
  UNIQUE (app_id, config_var)
);
