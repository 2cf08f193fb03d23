package dev.slipway.kit;

import java.util.UUID;

/** An app as every service knows it: id, current name and owner. */
public record AppRef(UUID id, String name, UUID ownerId) {}
