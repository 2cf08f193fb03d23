-- Releases whose release command has not finished yet (ReleaseCreated with status pending): the
-- release as it will go live, and whether its command is running. A row is deleted when its
-- ReleasePhaseFinished is written (same transaction); a row still `running` at start-up belonged
-- to a platform that stopped mid-phase, and that phase has failed.
CREATE TABLE release_phase (
  release_id uuid PRIMARY KEY,
  app_id uuid NOT NULL,
  app_name text NOT NULL,
  version integer NOT NULL,
  slug_id text NOT NULL,
  slug_url text NOT NULL,
  process_types jsonb NOT NULL,
  config_vars jsonb NOT NULL,
  commit text,
  created_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'running')),
  UNIQUE (app_id, version)
);
