package dev.slipway.kit.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** What {@code KitRetention} deletes by, found by index rather than by a scan of the whole table. */
public class V3__Index_kit_tables_by_age extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (var statement = context.getConnection().createStatement()) {
            statement.execute("""
                    CREATE INDEX kit_processed_event_age ON kit_processed_event (processed_at);
                    CREATE INDEX kit_outbox_sent_age ON kit_outbox (sent_at) WHERE sent_at IS NOT NULL;
                    """);
        }
    }
}
