package dev.slipway.kit.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Collaborators of each app, and the expiry of keys made with {@code expires_in}. */
public class V2__Add_collaborators_and_key_expiry extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (var statement = context.getConnection().createStatement()) {
            statement.execute("""
                    ALTER TABLE kit_api_key ADD COLUMN expires_at timestamptz;
                    CREATE TABLE kit_collaborator (
                      app_id uuid NOT NULL,
                      account_id uuid NOT NULL,
                      PRIMARY KEY (app_id, account_id));
                    """);
        }
    }
}
