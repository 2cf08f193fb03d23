package dev.slipway.git.domain;

import java.util.UUID;

/** What one running receive-pack may ask of the hook endpoint: which app, and who pushed. */
public record PushGrant(UUID appId, String appName, String pushedBy, String internalUrl) {}
