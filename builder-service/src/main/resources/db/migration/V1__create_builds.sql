CREATE TABLE app (
    id         uuid PRIMARY KEY,
    name       text   NOT NULL,
    buildpacks text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE app_config (
    app_id  uuid   PRIMARY KEY,
    version bigint NOT NULL,
    vars    jsonb  NOT NULL
);

CREATE TABLE build (
    id             uuid PRIMARY KEY,
    app_id         uuid        NOT NULL,
    push_id        uuid        NOT NULL UNIQUE,
    commit         text        NOT NULL,
    source_url     text        NOT NULL,
    user_id        uuid,
    user_email     text,
    status         text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    buildpacks     text[]      NOT NULL DEFAULT '{}',
    buildpack      text,
    slug_id        text,
    failure_reason text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE INDEX build_app_created ON build (app_id, created_at);

CREATE TABLE build_line (
    build_id uuid   NOT NULL REFERENCES build (id) ON DELETE CASCADE,
    seq      bigint NOT NULL,
    line     text   NOT NULL,
    PRIMARY KEY (build_id, seq)
);
