package dev.slipway.config.persistence;

import dev.slipway.config.domain.CustomDomain;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Custom domains; the hostname is unique across every app. */
@ApplicationScoped
public class DomainRepository {
    private static final String SELECT = "SELECT id, hostname, app_id, created_at, updated_at FROM domain";

    public List<CustomDomain> list(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SELECT + " WHERE app_id = ? ORDER BY hostname")) {
            q.setObject(1, appId);
            try (ResultSet rs = q.executeQuery()) {
                List<CustomDomain> domains = new ArrayList<>();
                while (rs.next()) {
                    domains.add(map(rs));
                }
                return domains;
            }
        }
    }

    /** The domain with this hostname on any app, or null. */
    public CustomDomain find(Connection c, String hostname) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SELECT + " WHERE hostname = ?")) {
            q.setString(1, hostname);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** Adds the hostname, or returns null when another row holds it (the constraint decides races). */
    public CustomDomain insert(Connection c, UUID appId, String hostname) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO domain (id, hostname, app_id) VALUES (?, ?, ?)"
                + " ON CONFLICT (hostname) DO NOTHING RETURNING id, hostname, app_id, created_at, updated_at")) {
            q.setObject(1, UUID.randomUUID());
            q.setString(2, hostname);
            q.setObject(3, appId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    public void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM domain WHERE id = ?")) {
            q.setObject(1, id);
            q.executeUpdate();
        }
    }

    private static CustomDomain map(ResultSet rs) throws SQLException {
        return new CustomDomain(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                AppRepository.instant(rs.getTimestamp(4)), AppRepository.instant(rs.getTimestamp(5)));
    }
}
