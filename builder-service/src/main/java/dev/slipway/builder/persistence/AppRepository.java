package dev.slipway.builder.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The builder's copy of what config-service says about an app: its buildpacks and config vars. */
public final class AppRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppRepository() {}

    public static void upsert(Connection tx, UUID id, String name) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO app (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.executeUpdate();
        }
    }

    public static void update(Connection tx, UUID id, String name, List<String> buildpacks) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO app (id, name, buildpacks) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, buildpacks = EXCLUDED.buildpacks""")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setArray(3, tx.createArrayOf("text", buildpacks.toArray()));
            s.executeUpdate();
        }
    }

    public static void delete(Connection tx, UUID id) throws SQLException {
        for (String sql : List.of("DELETE FROM app_config WHERE app_id = ?", "DELETE FROM app WHERE id = ?")) {
            try (PreparedStatement s = tx.prepareStatement(sql)) {
                s.setObject(1, id);
                s.executeUpdate();
            }
        }
    }

    /** Keeps only the newest version, so a late, older event cannot roll the vars back. */
    public static void saveConfig(Connection tx, UUID appId, long version, Map<String, String> vars) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO app_config (app_id, version, vars) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (app_id) DO UPDATE SET version = EXCLUDED.version, vars = EXCLUDED.vars
                WHERE app_config.version <= EXCLUDED.version""")) {
            s.setObject(1, appId);
            s.setLong(2, version);
            s.setString(3, JSON.writeValueAsString(vars));
            s.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> buildpacks(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT buildpacks FROM app WHERE id = ?")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? List.of((String[]) rs.getArray(1).getArray()) : List.of();
            }
        }
    }

    public static Map<String, String> configVars(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT vars FROM app_config WHERE app_id = ?")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Map.of();
                }
                return JSON.readValue(rs.getString(1), new TypeReference<TreeMap<String, String>>() {});
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
