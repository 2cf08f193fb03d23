-- The recent log of every app, for heroku logs: the newest 1,500 lines per app are kept (pruned
-- as lines arrive). id is assigned by the one thread that writes lines, so it is the order they
-- arrived in, and a tail's Last-Event-ID.
CREATE TABLE log_line (
  id bigserial PRIMARY KEY,
  app_id uuid NOT NULL,
  at timestamptz NOT NULL,
  source text NOT NULL,
  process text NOT NULL,
  message text NOT NULL
);
-- the last N lines of an app, newest first, is a backward scan of this index
CREATE INDEX log_line_app_id ON log_line (app_id, id);
