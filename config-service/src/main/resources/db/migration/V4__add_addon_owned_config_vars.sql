-- A config var an add-on owns (DATABASE_URL of a Heroku Postgres add-on): set and removed only by
-- addon-service's AddonAttached / AddonDetached; a user's PATCH of it is refused.
ALTER TABLE config_var ADD COLUMN addon_id uuid;
ALTER TABLE config_var ADD COLUMN addon_name text;
