package dev.slipway.config.domain;

import java.time.Instant;
import java.util.UUID;

public record Account(UUID id, String email, boolean admin, Instant createdAt, Instant updatedAt) {}
