package dev.slipway.git.domain;

import java.time.Instant;
import java.util.UUID;

/** One push to a deploy branch and how it ended; {@code status} is pending, succeeded or failed. */
public record Push(UUID id, UUID appId, String ref, String oldRev, String newRev, String status, String pushedBy,
                   String failureReason, Integer releaseVersion, Instant createdAt, Instant finishedAt) {}
