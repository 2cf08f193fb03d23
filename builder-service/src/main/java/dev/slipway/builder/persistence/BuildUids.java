package dev.slipway.builder.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The uid an app's build steps run as: allocated on its first build, kept for good, never reused. */
public final class BuildUids {
    private BuildUids() {}

    public static int of(Connection tx, UUID appId) throws SQLException {
        Integer known = find(tx, appId);
        if (known != null) {
            return known;
        }
        // only a first build takes a number from the sequence; a race between two is settled by the key
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO build_uid (app_id, uid) VALUES (?, nextval('build_uid_seq')) ON CONFLICT (app_id) DO NOTHING")) {
            s.setObject(1, appId);
            s.executeUpdate();
        }
        return find(tx, appId);
    }

    private static Integer find(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT uid FROM build_uid WHERE app_id = ?")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }
}
