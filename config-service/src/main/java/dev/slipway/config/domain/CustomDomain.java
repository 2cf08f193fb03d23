package dev.slipway.config.domain;

import java.time.Instant;
import java.util.UUID;

/** A hostname a user attached to an app, beside the app's default {@code <app>.<domain>}. */
public record CustomDomain(UUID id, String hostname, UUID appId, Instant createdAt, Instant updatedAt) {}
