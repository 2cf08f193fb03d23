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

    /** The vars an add-on owns: name → the add-on's name. */
    public SortedMap<String, String> addonOwned(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT name, addon_name FROM config_var WHERE app_id = ? AND addon_id IS NOT NULL")) {
            q.setObject(1, appId);
            try (ResultSet rs = q.executeQuery()) {
                SortedMap<String, String> owned = new TreeMap<>();
                while (rs.next()) {
                    owned.put(rs.getString(1), rs.getString(2));
                }
                return owned;
            }
        }
    }

    /** Sets a var as the add-on's own (a user's var of that name becomes the add-on's). */
    public void putOwned(Connection c, UUID appId, String name, String value, UUID addonId, String addonName)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO config_var (app_id, name, value, addon_id, addon_name) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (app_id, name) DO UPDATE
                SET value = EXCLUDED.value, addon_id = EXCLUDED.addon_id, addon_name = EXCLUDED.addon_name""")) {
            q.setObject(1, appId);
            q.setString(2, name);
            q.setString(3, value);
            q.setObject(4, addonId);
            q.setString(5, addonName);
            q.executeUpdate();
        }
    }

    /** Removes the var if this add-on owns it; false when it does not (already gone, or another's). */
    public boolean removeOwned(Connection c, UUID appId, String name, UUID addonId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "DELETE FROM config_var WHERE app_id = ? AND name = ? AND addon_id = ?")) {
            q.setObject(1, appId);
            q.setString(2, name);
            q.setObject(3, addonId);
            return q.executeUpdate() == 1;
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
