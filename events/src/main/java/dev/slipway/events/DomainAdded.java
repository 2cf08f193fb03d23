package dev.slipway.events;

import java.util.UUID;

public record DomainAdded(UUID appId, String hostname) implements Event {}
