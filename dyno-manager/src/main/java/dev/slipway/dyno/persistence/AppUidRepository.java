package dev.slipway.dyno.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The uid of each app's dynos: allocated on the app's first launch, kept for good. */
@ApplicationScoped
public class AppUidRepository {

    /** The app's uid, allocated now if it has none (two racing launches agree on one). */
    public int uidFor(Connection tx, UUID appId) throws SQLException {
        Integer known = find(tx, appId);
        if (known != null) {
            return known;
        }
        // looked up first: an insert that conflicts would still use up a number of the sequence
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO app_uid (app_id) VALUES (?) ON CONFLICT (app_id) DO NOTHING")) {
            s.setObject(1, appId);
            s.executeUpdate();
        }
        return find(tx, appId);
    }

    private static Integer find(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT uid FROM app_uid WHERE app_id = ?")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }
}
