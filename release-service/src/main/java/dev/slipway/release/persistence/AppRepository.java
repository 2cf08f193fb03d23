package dev.slipway.release.persistence;

import dev.slipway.release.domain.App;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AppRepository {

    public void upsert(Connection tx, UUID id, String name, UUID ownerId, String ownerEmail) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO app (id, name, owner_id, owner_email) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, owner_id = EXCLUDED.owner_id,
                  owner_email = EXCLUDED.owner_email""")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setObject(3, ownerId);
            s.setString(4, ownerEmail);
            s.executeUpdate();
        }
    }

    public void rename(Connection tx, UUID id, String name) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO app (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name""")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.executeUpdate();
        }
    }

    /** Drops everything the app had and leaves a tombstone, so late events for it are ignored. */
    public void delete(Connection tx, UUID id) throws SQLException {
        for (String sql : new String[] {
                "DELETE FROM formation WHERE app_id = ?",
                "DELETE FROM release WHERE app_id = ?",
                "DELETE FROM config_snapshot WHERE app_id = ?",
                "INSERT INTO app (id, deleted_at) VALUES (?, now()) ON CONFLICT (id) DO UPDATE SET deleted_at = now()"}) {
            try (PreparedStatement s = tx.prepareStatement(sql)) {
                s.setObject(1, id);
                s.executeUpdate();
            }
        }
    }

    /**
     * Locks the app's row for the rest of the transaction, creating a nameless row when the app's
     * AppCreated has not arrived yet (events of different topics may overtake each other). Every
     * writer of releases and formation goes through here, so version numbers are allocated one
     * transaction at a time.
     */
    public App lock(Connection tx, UUID id) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO app (id) VALUES (?) ON CONFLICT (id) DO NOTHING")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = tx.prepareStatement(
                "SELECT id, name, owner_id, owner_email, deleted_at FROM app WHERE id = ? FOR UPDATE")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return map(rs);
            }
        }
    }

    public Optional<App> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, name, owner_id, owner_email, deleted_at FROM app WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static App map(ResultSet rs) throws SQLException {
        return new App(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getObject(5) != null);
    }
}
