-- When a line arrived, for the week-long expiry (Heroku's): the line's own stamp comes from its
-- producer and may be anything. Rows already stored count as arriving now.
ALTER TABLE log_line ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();
