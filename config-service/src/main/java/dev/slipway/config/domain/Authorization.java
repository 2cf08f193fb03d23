package dev.slipway.config.domain;

import java.time.Instant;
import java.util.UUID;

/** An API key as Heroku shows it: an OAuth authorization of its account, named by id, never by the key. */
public record Authorization(UUID id, UUID accountId, String email, String description, Instant createdAt,
                            Instant updatedAt, Instant expiresAt) {}
