package dev.slipway.events;

import java.util.UUID;

/** A push that waits for its build; {@code sourceUrl} serves the pushed tree as a tar.gz. */
public record PushReceived(UUID appId, UUID pushId, String ref, String commit, String sourceUrl, String pushedBy)
        implements Event {}
