-- A config change before the first deploy makes a release with no slug, as on Heroku.
ALTER TABLE release ALTER COLUMN slug_id DROP NOT NULL;
