package dev.slipway.release.persistence;

import dev.slipway.kit.JsonMaps;
import dev.slipway.release.domain.ConfigSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ConfigSnapshotRepository {

    public Optional<ConfigSnapshot> find(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version, vars::text FROM config_snapshot WHERE app_id = ?")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new ConfigSnapshot(rs.getLong(1), JsonMaps.read(rs.getString(2))))
                        : Optional.empty();
            }
        }
    }

    public void save(Connection tx, UUID appId, long version, Map<String, String> vars) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO config_snapshot (app_id, version, vars) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (app_id) DO UPDATE SET version = EXCLUDED.version, vars = EXCLUDED.vars""")) {
            s.setObject(1, appId);
            s.setLong(2, version);
            s.setString(3, JsonMaps.write(vars));
            s.executeUpdate();
        }
    }
}
