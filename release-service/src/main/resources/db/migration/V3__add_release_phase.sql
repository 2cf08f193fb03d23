-- The release phase. A release whose slug has a `release` process type is `pending` until
-- dyno-manager says how its release command ended (ReleasePhaseFinished): `succeeded` or
-- `failed`. status is the one column of a release that changes, and only once, from pending.
ALTER TABLE release ADD COLUMN status text NOT NULL DEFAULT 'succeeded'
  CHECK (status IN ('pending', 'succeeded', 'failed'));
-- The capability in the release's output_stream_url (the heroku CLI fetches it without a key).
ALTER TABLE release ADD COLUMN output_token text UNIQUE;

-- What the release command wrote (ReleasePhaseOutput), one row per line, bounded by dyno-manager
-- and again here (ReleaseOutputRepository.MAX_LINES).
CREATE TABLE release_output (
  release_id uuid NOT NULL REFERENCES release (id) ON DELETE CASCADE,
  seq int NOT NULL CHECK (seq >= 0),
  line text NOT NULL,
  PRIMARY KEY (release_id, seq)
);
