package dev.slipway.events;

import java.time.Instant;
import java.util.UUID;

public record AppCreated(UUID appId, String name, UUID ownerId, String ownerEmail, Instant createdAt)
        implements Event {}
