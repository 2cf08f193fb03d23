package dev.slipway.release.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Accounts as the kit's replicated key table knows them (ApiKeyIssued carries id and email). */
@ApplicationScoped
public class AccountRepository {

    public Optional<UUID> idByEmail(Connection c, String email) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT account_id FROM kit_api_key WHERE email = ? LIMIT 1")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }
}
