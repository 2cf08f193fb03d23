CREATE TABLE push (
    id              UUID PRIMARY KEY,
    app_id          UUID NOT NULL REFERENCES app (id) ON DELETE CASCADE,
    ref             TEXT NOT NULL,
    old_rev         TEXT NOT NULL,
    new_rev         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    pushed_by       TEXT NOT NULL,
    failure_reason  TEXT,
    release_version INTEGER,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ
);

CREATE INDEX push_app_status ON push (app_id, status);
