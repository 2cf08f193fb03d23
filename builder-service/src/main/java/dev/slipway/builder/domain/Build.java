package dev.slipway.builder.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One build of one push: pending until it ends as succeeded (with a slug) or failed (with a reason). */
public record Build(UUID id, UUID appId, UUID pushId, String commit, String sourceUrl, UUID userId,
                    String userEmail, String status, List<String> buildpacks, String buildpack, String slugId,
                    String failureReason, Instant createdAt, Instant updatedAt) {
    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
}
