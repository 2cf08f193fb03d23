-- The router's copy of what it needs to route: fed by config and dyno events, read into memory.
CREATE TABLE app (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    maintenance boolean NOT NULL DEFAULT false
);

CREATE TABLE domain (
    hostname text PRIMARY KEY,
    app_id   uuid NOT NULL
);

CREATE INDEX domain_app_id ON domain (app_id);

-- Not foreign keys: dyno and config events travel on different topics, so a dyno may be
-- announced before its app.
CREATE TABLE dyno (
    dyno_id         uuid PRIMARY KEY,
    app_id          uuid NOT NULL,
    name            text NOT NULL,
    type            text NOT NULL,
    release_version integer NOT NULL,
    state           text NOT NULL,
    host            text,
    port            integer NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dyno_app_id ON dyno (app_id);
