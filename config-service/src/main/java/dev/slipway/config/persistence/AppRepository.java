package dev.slipway.config.persistence;

import dev.slipway.config.domain.App;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The {@code app} table; every read joins the owner's email, which every response shows. */
@ApplicationScoped
public class AppRepository {
    private static final String SELECT = """
            SELECT a.id, a.name, a.owner_id, o.email, a.maintenance, a.buildpacks, a.config_version,
                   a.created_at, a.updated_at
            FROM app a JOIN account o ON o.id = a.owner_id""";

    /** Inserts the app; the unique name constraint decides races (23505 on a taken name). */
    public void insert(Connection c, UUID id, String name, UUID ownerId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO app (id, name, owner_id) VALUES (?, ?, ?)")) {
            q.setObject(1, id);
            q.setString(2, name);
            q.setObject(3, ownerId);
            q.executeUpdate();
        }
    }

    /** By id when the reference is a UUID, else by name; locked for the transaction when asked. */
    public App find(Connection c, String idOrName, boolean forUpdate) throws SQLException {
        UUID id = parseUuid(idOrName);
        String sql = SELECT + (id != null ? " WHERE a.id = ?" : " WHERE a.name = ?") + (forUpdate ? " FOR UPDATE OF a" : "");
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, id != null ? id : idOrName);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** All apps, or only those an account owns or collaborates on when {@code accountId} is not null. */
    public List<App> list(Connection c, UUID accountId) throws SQLException {
        String sql = SELECT + (accountId != null
                ? " WHERE a.owner_id = ? OR a.id IN (SELECT app_id FROM collaborator WHERE account_id = ?)" : "")
                + " ORDER BY a.name";
        try (PreparedStatement q = c.prepareStatement(sql)) {
            if (accountId != null) {
                q.setObject(1, accountId);
                q.setObject(2, accountId);
            }
            try (ResultSet rs = q.executeQuery()) {
                List<App> apps = new ArrayList<>();
                while (rs.next()) {
                    apps.add(map(rs));
                }
                return apps;
            }
        }
    }

    public void update(Connection c, UUID id, String name, boolean maintenance, List<String> buildpacks) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "UPDATE app SET name = ?, maintenance = ?, buildpacks = ?, updated_at = now() WHERE id = ?")) {
            q.setString(1, name);
            q.setBoolean(2, maintenance);
            q.setArray(3, c.createArrayOf("text", buildpacks.toArray()));
            q.setObject(4, id);
            q.executeUpdate();
        }
    }

    /** The next config version of a locked app. */
    public long bumpConfigVersion(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "UPDATE app SET config_version = config_version + 1, updated_at = now() WHERE id = ? RETURNING config_version")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes the app; its config vars and domains go with it (ON DELETE CASCADE). */
    public void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM app WHERE id = ?")) {
            q.setObject(1, id);
            q.executeUpdate();
        }
    }

    private static App map(ResultSet rs) throws SQLException {
        Array packs = rs.getArray(6);
        List<String> buildpacks = packs == null ? List.of() : Arrays.asList((String[]) packs.getArray());
        return new App(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getBoolean(5), buildpacks, rs.getLong(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)));
    }

    static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    public static UUID parseUuid(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
