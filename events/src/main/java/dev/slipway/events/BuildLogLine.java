package dev.slipway.events;

import java.util.UUID;

/** One line of build output, numbered from 1 within its build. */
public record BuildLogLine(UUID appId, UUID buildId, UUID pushId, long seq, String line) implements Event {}
