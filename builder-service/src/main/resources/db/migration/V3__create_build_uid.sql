-- The unprivileged uid (and gid) each app's build steps run as in their sandboxes: one per app,
-- never reused, from 500000 up (dyno-manager gives dynos uids from 100000 up).
CREATE SEQUENCE build_uid_seq START 500000 MINVALUE 500000;

CREATE TABLE build_uid (
    app_id uuid    PRIMARY KEY,
    uid    integer NOT NULL UNIQUE CHECK (uid >= 500000)
);
