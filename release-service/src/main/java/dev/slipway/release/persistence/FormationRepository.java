package dev.slipway.release.persistence;

import dev.slipway.release.domain.Formation;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class FormationRepository {

    public List<Formation> list(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, app_id, type, quantity, size, created_at, updated_at FROM formation
                WHERE app_id = ? ORDER BY type""")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                List<Formation> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Formation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getInt(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(),
                            rs.getObject(7, OffsetDateTime.class).toInstant()));
                }
                return out;
            }
        }
    }

    public void insert(Connection tx, Formation f) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO formation (id, app_id, type, quantity, size, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            s.setObject(1, f.id());
            s.setObject(2, f.appId());
            s.setString(3, f.type());
            s.setInt(4, f.quantity());
            s.setString(5, f.size());
            s.setObject(6, OffsetDateTime.ofInstant(f.createdAt(), ZoneOffset.UTC));
            s.setObject(7, OffsetDateTime.ofInstant(f.updatedAt(), ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    public void update(Connection tx, UUID appId, String type, int quantity, String size, Instant now)
            throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE formation SET quantity = ?, size = ?, updated_at = ? WHERE app_id = ? AND type = ?")) {
            s.setInt(1, quantity);
            s.setString(2, size);
            s.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setObject(4, appId);
            s.setString(5, type);
            s.executeUpdate();
        }
    }

    public void delete(Connection tx, UUID appId, String type) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM formation WHERE app_id = ? AND type = ?")) {
            s.setObject(1, appId);
            s.setString(2, type);
            s.executeUpdate();
        }
    }
}
