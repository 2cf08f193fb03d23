package dev.slipway.events;

import java.util.UUID;

public record ApiKeyRevoked(UUID accountId, String keyHash) implements Event {
    @Override
    public UUID appId() {
        return null;
    }

    @Override
    public UUID partitionKey() {
        return accountId;
    }
}
