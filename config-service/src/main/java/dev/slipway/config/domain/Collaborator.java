package dev.slipway.config.domain;

import java.time.Instant;
import java.util.UUID;

/** An account that may use an app it does not own. */
public record Collaborator(UUID id, UUID appId, UUID accountId, String email, Instant createdAt, Instant updatedAt) {}
