package dev.slipway.config.persistence;

import dev.slipway.config.domain.Authorization;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code api_key} rows seen as Heroku authorizations; revoked ones are gone from every answer. */
@ApplicationScoped
public class AuthorizationRepository {
    private static final String SELECT = """
            SELECT k.id, k.account_id, a.email, k.description, k.created_at, k.updated_at, k.expires_at, k.key_hash
            FROM api_key k JOIN account a ON a.id = k.account_id WHERE k.revoked_at IS NULL""";

    public List<Authorization> list(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SELECT + " AND k.account_id = ? ORDER BY k.id")) {
            q.setObject(1, accountId);
            try (ResultSet rs = q.executeQuery()) {
                List<Authorization> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(map(rs));
                }
                return all;
            }
        }
    }

    /** The account's unrevoked authorization with this id, or null; locked when asked. */
    public Authorization find(Connection c, UUID accountId, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SELECT + " AND k.account_id = ? AND k.id = ?"
                + (forUpdate ? " FOR UPDATE OF k" : ""))) {
            q.setObject(1, accountId);
            q.setObject(2, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    /** The key hash of an authorization, for the revocation event. */
    public String keyHash(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT key_hash FROM api_key WHERE id = ?")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public Authorization insert(Connection c, String keyHash, UUID accountId, String description, Instant expiresAt)
            throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement q = c.prepareStatement(
                "INSERT INTO api_key (key_hash, account_id, id, description, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            q.setString(1, keyHash);
            q.setObject(2, accountId);
            q.setObject(3, id);
            q.setString(4, description);
            q.setTimestamp(5, expiresAt == null ? null : Timestamp.from(expiresAt));
            q.executeUpdate();
        }
        return find(c, accountId, id, false);
    }

    public void revoke(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "UPDATE api_key SET revoked_at = now(), updated_at = now() WHERE id = ? AND revoked_at IS NULL")) {
            q.setObject(1, id);
            q.executeUpdate();
        }
    }

    private static Authorization map(ResultSet rs) throws SQLException {
        return new Authorization(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), AppRepository.instant(rs.getTimestamp(5)), AppRepository.instant(rs.getTimestamp(6)),
                AppRepository.instant(rs.getTimestamp(7)));
    }
}
