package dev.slipway.release.domain;

import java.time.Instant;
import java.util.UUID;

/** The desired number and size of dynos for one process type of an app. */
public record Formation(UUID id, UUID appId, String type, int quantity, String size, Instant createdAt,
                        Instant updatedAt) {}
