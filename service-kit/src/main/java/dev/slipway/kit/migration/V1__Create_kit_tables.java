package dev.slipway.kit.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Outbox, processed event ids and the replicated access directory. */
public class V1__Create_kit_tables extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (var statement = context.getConnection().createStatement()) {
            statement.execute("""
                    CREATE TABLE kit_outbox (
                      id bigserial PRIMARY KEY,
                      event_id uuid NOT NULL UNIQUE,
                      topic text NOT NULL,
                      partition_key text,
                      envelope text NOT NULL,
                      created_at timestamptz NOT NULL DEFAULT now(),
                      sent_at timestamptz);
                    CREATE INDEX kit_outbox_unsent ON kit_outbox (id) WHERE sent_at IS NULL;
                    CREATE TABLE kit_processed_event (
                      event_id uuid PRIMARY KEY,
                      processed_at timestamptz NOT NULL DEFAULT now());
                    CREATE TABLE kit_api_key (
                      key_hash text PRIMARY KEY,
                      account_id uuid NOT NULL,
                      email text NOT NULL,
                      admin boolean NOT NULL);
                    CREATE TABLE kit_app (
                      id uuid PRIMARY KEY,
                      name text NOT NULL,
                      owner_id uuid NOT NULL);
                    CREATE INDEX kit_app_name ON kit_app (name);
                    """);
        }
    }
}
