package dev.slipway.config.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

@ApplicationScoped
public class ConfigVarRepository {

    /** The app's vars, sorted by name so responses and events are stable. */
    public SortedMap<String, String> all(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT name, value FROM config_var WHERE app_id = ?")) {
            q.setObject(1, appId);
            try (ResultSet rs = q.executeQuery()) {
                SortedMap<String, String> vars = new TreeMap<>();
                while (rs.next()) {
                    vars.put(rs.getString(1), rs.getString(2));
                }
                return vars;
            }
        }
    }

    public void put(Connection c, UUID appId, String name, String value) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO config_var (app_id, name, value) VALUES (?, ?, ?)
                ON CONFLICT (app_id, name) DO UPDATE SET value = EXCLUDED.value""")) {
            q.setObject(1, appId);
            q.setString(2, name);
            q.setString(3, value);
            q.executeUpdate();
        }
    }

    public void remove(Connection c, UUID appId, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM config_var WHERE app_id = ? AND name = ?")) {
            q.setObject(1, appId);
            q.setString(2, name);
            q.executeUpdate();
        }
    }
}
