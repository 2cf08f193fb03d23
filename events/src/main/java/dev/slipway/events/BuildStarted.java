package dev.slipway.events;

import java.util.UUID;

public record BuildStarted(UUID appId, UUID buildId, UUID pushId, String commit) implements Event {}
