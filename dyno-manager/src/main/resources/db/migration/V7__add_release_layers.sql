-- Runtime layers (ReleaseCreated.layers): [{"id": sha256, "url": ..., "mount": "/app/..."}], the
-- read-only runtimes a release's dynos see beside the slug. Releases from before layers have none.
ALTER TABLE app_release ADD COLUMN layers jsonb NOT NULL DEFAULT '[]';
ALTER TABLE release_phase ADD COLUMN layers jsonb NOT NULL DEFAULT '[]';
