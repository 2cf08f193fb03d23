package dev.slipway.kit;

import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.ApiKeyRevoked;
import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.CollaboratorAdded;
import dev.slipway.events.CollaboratorRemoved;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Set;

/**
 * Every service's local copy of who may do what: key hashes, app owners and collaborators,
 * learnt from config-service's events, so that a request is checked without a call.
 */
public class AccessDirectory implements EventHandler {

    @Override
    public Set<String> topics() {
        return Set.of(Topics.CONFIG);
    }

    @Override
    public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
        switch (envelope.payload()) {
            case ApiKeyIssued e -> update(tx, """
                    INSERT INTO kit_api_key (key_hash, account_id, email, admin, expires_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (key_hash) DO UPDATE SET account_id = EXCLUDED.account_id,
                      email = EXCLUDED.email, admin = EXCLUDED.admin, expires_at = EXCLUDED.expires_at""",
                    e.keyHash(), e.accountId(), e.email(), e.admin(),
                    e.expiresAt() == null ? null : Timestamp.from(e.expiresAt()));
            case ApiKeyRevoked e -> update(tx, "DELETE FROM kit_api_key WHERE key_hash = ?", e.keyHash());
            case AppCreated e -> update(tx, """
                    INSERT INTO kit_app (id, name, owner_id) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, owner_id = EXCLUDED.owner_id""",
                    e.appId(), e.name(), e.ownerId());
            case AppUpdated e -> update(tx, "UPDATE kit_app SET name = ? WHERE id = ?", e.name(), e.appId());
            case AppDeleted e -> {
                update(tx, "DELETE FROM kit_collaborator WHERE app_id = ?", e.appId());
                update(tx, "DELETE FROM kit_app WHERE id = ?", e.appId());
            }
            case CollaboratorAdded e -> update(tx, """
                    INSERT INTO kit_collaborator (app_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING""",
                    e.appId(), e.accountId());
            case CollaboratorRemoved e -> update(tx, "DELETE FROM kit_collaborator WHERE app_id = ? AND account_id = ?",
                    e.appId(), e.accountId());
            default -> { }
        }
    }

    private static void update(Connection tx, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
