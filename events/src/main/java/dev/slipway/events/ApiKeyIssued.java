package dev.slipway.events;

import java.util.UUID;

/** A key's sha256 hash (hex), never the key itself. */
public record ApiKeyIssued(UUID accountId, String email, String keyHash, boolean admin) implements Event {
    @Override
    public UUID appId() {
        return null;
    }

    @Override
    public UUID partitionKey() {
        return accountId;
    }
}
