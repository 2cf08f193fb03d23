package dev.slipway.config.persistence;

import dev.slipway.config.domain.Collaborator;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Who collaborates on which app; rows go with their app (ON DELETE CASCADE). */
@ApplicationScoped
public class CollaboratorRepository {
    private static final String SELECT = """
            SELECT c.id, c.app_id, c.account_id, a.email, c.created_at, c.updated_at
            FROM collaborator c JOIN account a ON a.id = c.account_id""";

    public List<Collaborator> list(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SELECT + " WHERE c.app_id = ? ORDER BY a.email")) {
            q.setObject(1, appId);
            try (ResultSet rs = q.executeQuery()) {
                List<Collaborator> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(map(rs));
                }
                return all;
            }
        }
    }

    public boolean collaborates(Connection c, UUID appId, UUID accountId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM collaborator WHERE app_id = ? AND account_id = ?")) {
            q.setObject(1, appId);
            q.setObject(2, accountId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The collaborator of the app named by its id, account id or email, or null. */
    public Collaborator find(Connection c, UUID appId, String idOrEmail) throws SQLException {
        UUID id = AppRepository.parseUuid(idOrEmail);
        String sql = SELECT + " WHERE c.app_id = ? AND "
                + (id != null ? "(c.id = ? OR c.account_id = ?)" : "lower(a.email) = lower(?)");
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, appId);
            if (id != null) {
                q.setObject(2, id);
                q.setObject(3, id);
            } else {
                q.setString(2, idOrEmail);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** Adds the account; null when it already collaborates (the unique constraint decides races). */
    public Collaborator insert(Connection c, UUID appId, UUID accountId) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement q = c.prepareStatement(
                "INSERT INTO collaborator (id, app_id, account_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            q.setObject(1, id);
            q.setObject(2, appId);
            q.setObject(3, accountId);
            if (q.executeUpdate() == 0) {
                return null;
            }
        }
        return find(c, appId, id.toString());
    }

    public void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM collaborator WHERE id = ?")) {
            q.setObject(1, id);
            q.executeUpdate();
        }
    }

    private static Collaborator map(ResultSet rs) throws SQLException {
        return new Collaborator(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getString(4), AppRepository.instant(rs.getTimestamp(5)), AppRepository.instant(rs.getTimestamp(6)));
    }
}
