package dev.slipway.kit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The consuming half's memory: which event ids this service has already applied. */
final class ProcessedEvents {
    private ProcessedEvents() {}

    /** True when the id is new; false when the event was applied before and must be skipped. */
    static boolean markProcessed(Connection tx, UUID eventId) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO kit_processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, eventId);
            return insert.executeUpdate() == 1;
        }
    }
}
