package dev.slipway.config.persistence;

import dev.slipway.config.domain.Account;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Accounts and the hashes of their API keys. */
@ApplicationScoped
public class AccountRepository {
    private static final String SELECT = "SELECT id, email, admin, created_at, updated_at FROM account";

    /** The account owning an unrevoked, unexpired key with this hash, or null. */
    public Account findByKeyHash(Connection c, String keyHash) throws SQLException {
        return one(c, SELECT + " WHERE id = (SELECT account_id FROM api_key WHERE key_hash = ? AND revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > now()))", keyHash);
    }

    public Account findById(Connection c, UUID id) throws SQLException {
        return one(c, SELECT + " WHERE id = ?", id);
    }

    public Account findByEmail(Connection c, String email) throws SQLException {
        return one(c, SELECT + " WHERE email = ?", email);
    }

    /** The account with this email, created when missing; an existing account keeps its id. */
    public Account ensure(Connection c, String email, boolean admin) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "INSERT INTO account (id, email, admin) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING")) {
            q.setObject(1, UUID.randomUUID());
            q.setString(2, email);
            q.setBoolean(3, admin);
            q.executeUpdate();
        }
        if (admin) {
            try (PreparedStatement q = c.prepareStatement(
                    "UPDATE account SET admin = true, updated_at = now() WHERE email = ? AND NOT admin")) {
                q.setString(1, email);
                q.executeUpdate();
            }
        }
        return findByEmail(c, email);
    }

    /** Whether any key, revoked or not, has this hash. */
    public boolean keyKnown(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM api_key WHERE key_hash = ?")) {
            q.setString(1, keyHash);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Stores a key hash; false when the hash was already there (a concurrent bootstrap, say). */
    public boolean insertKey(Connection c, String keyHash, UUID accountId, String description) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO api_key (key_hash, account_id, description)"
                + " VALUES (?, ?, ?) ON CONFLICT (key_hash) DO NOTHING")) {
            q.setString(1, keyHash);
            q.setObject(2, accountId);
            q.setString(3, description);
            return q.executeUpdate() == 1;
        }
    }

    private static Account one(Connection c, String sql, Object param) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, param);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next()
                        ? new Account(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                                AppRepository.instant(rs.getTimestamp(4)), AppRepository.instant(rs.getTimestamp(5)))
                        : null;
            }
        }
    }
}
