-- The uid (and gid) each app's dynos run as: one per app, from 100000 up, never reused (a deleted
-- app's files can never be read by a later app). builder-service allocates its own from 500000 up,
-- so the two ranges never meet.
CREATE SEQUENCE app_uid_seq START WITH 100000 MINVALUE 100000 MAXVALUE 499999 NO CYCLE;
CREATE TABLE app_uid (
  app_id uuid PRIMARY KEY,
  uid integer NOT NULL UNIQUE DEFAULT nextval('app_uid_seq'),
  created_at timestamptz NOT NULL DEFAULT now()
);
