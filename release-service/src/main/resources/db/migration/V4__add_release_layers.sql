-- Runtime layers (SlugBuilt.layers): the read-only runtimes a slug runs with but does not carry,
-- [{"id": sha256, "url": ..., "mount": "/app/..."}]. Part of the slug, so copied with it into every
-- release made from it (a config change, a rollback). Releases from before layers have none.
ALTER TABLE release ADD COLUMN layers jsonb NOT NULL DEFAULT '[]';
