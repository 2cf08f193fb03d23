-- API keys become Heroku OAuth authorizations: an id to name them by, a description, an expiry.
ALTER TABLE api_key ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE api_key ADD CONSTRAINT api_key_id UNIQUE (id);
ALTER TABLE api_key ADD COLUMN description text NOT NULL DEFAULT '';
ALTER TABLE api_key ADD COLUMN expires_at timestamptz;
ALTER TABLE api_key ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE collaborator (
  id uuid PRIMARY KEY,
  app_id uuid NOT NULL REFERENCES app (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (app_id, account_id)
);
CREATE INDEX collaborator_account ON collaborator (account_id);
