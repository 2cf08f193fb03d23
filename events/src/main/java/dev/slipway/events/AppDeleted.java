package dev.slipway.events;

import java.util.UUID;

public record AppDeleted(UUID appId, String name) implements Event {}
