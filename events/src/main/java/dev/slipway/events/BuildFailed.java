package dev.slipway.events;

import java.util.UUID;

public record BuildFailed(UUID appId, UUID buildId, UUID pushId, String reason) implements Event {}
