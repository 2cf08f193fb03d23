package dev.slipway.git.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The gateway's apps: each one's bare repository, named by app id so that a rename moves nothing. */
@ApplicationScoped
public class AppRepository {

    public void upsert(Connection tx, UUID id, String name, String repoPath) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO app (id, name, repo_path) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name""")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setString(3, repoPath);
            s.executeUpdate();
        }
    }

    public void rename(Connection tx, UUID id, String name) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("UPDATE app SET name = ? WHERE id = ?")) {
            s.setString(1, name);
            s.setObject(2, id);
            s.executeUpdate();
        }
    }

    public void delete(Connection tx, UUID id) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM app WHERE id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }
}
