package dev.slipway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A key's sha256 hash (hex), never the key itself. {@code expiresAt} is null for a key that does
 * not expire (added after schema version 1 shipped: older envelopes decode with null).
 */
public record ApiKeyIssued(UUID accountId, String email, String keyHash, boolean admin, Instant expiresAt)
        implements Event {

    public ApiKeyIssued(UUID accountId, String email, String keyHash, boolean admin) {
        this(accountId, email, keyHash, admin, null);
    }

    @Override
    public UUID appId() {
        return null;
    }

    @Override
    public UUID partitionKey() {
        return accountId;
    }
}
