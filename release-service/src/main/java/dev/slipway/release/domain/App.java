package dev.slipway.release.domain;

import java.util.UUID;

/** An app as release-service knows it; {@code name} and owner are null until AppCreated arrived. */
public record App(UUID id, String name, UUID ownerId, String ownerEmail, boolean deleted) {}
