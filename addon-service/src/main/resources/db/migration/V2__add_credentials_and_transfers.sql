-- The owner role's password, for pg:credentials:url and for pg_dump/pg_restore running as the owner.
-- Add-ons made before this migration have none (their URL travelled only in AddonAttached).
ALTER TABLE addon ADD COLUMN password text;

-- Heroku's transfers: backups (pg_dump to a file, b001) and restores (a backup into a database, r002),
-- numbered per app together. addon_id is null once the add-on is destroyed (a backup outlives it).
CREATE TABLE addon_transfer (
  id uuid PRIMARY KEY,
  app_id uuid NOT NULL,
  num integer NOT NULL,
  kind text NOT NULL,
  addon_id uuid REFERENCES addon (id) ON DELETE SET NULL,
  addon_name text NOT NULL,
  source_backup_id uuid REFERENCES addon_transfer (id) ON DELETE SET NULL,
  state text NOT NULL,
  bytes bigint NOT NULL DEFAULT 0,
  message text,
  download_token_sha256 text,
  download_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (app_id, num)
);
CREATE INDEX addon_transfer_addon ON addon_transfer (addon_id);
CREATE UNIQUE INDEX addon_transfer_download ON addon_transfer (download_token_sha256);
