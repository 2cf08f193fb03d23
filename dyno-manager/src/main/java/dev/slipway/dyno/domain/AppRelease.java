package dev.slipway.dyno.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The release an app should run: everything a dyno needs, copied from ReleaseCreated. */
public record AppRelease(UUID appId, String appName, UUID releaseId, int version, String slugId, String slugUrl,
                         Map<String, String> processTypes, Map<String, String> configVars, String commit,
                         Instant createdAt) {}
