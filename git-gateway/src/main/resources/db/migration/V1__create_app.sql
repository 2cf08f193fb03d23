CREATE TABLE app (
    id         UUID PRIMARY KEY,
    name       TEXT NOT NULL,
    repo_path  TEXT NOT NULL
);
