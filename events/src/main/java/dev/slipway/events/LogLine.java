package dev.slipway.events;

import java.time.Instant;
import java.util.UUID;

/** One log line in Heroku's shape: {@code source[process]: message}, e.g. {@code app[web.1]}. */
public record LogLine(UUID appId, Instant at, String source, String process, String message) implements Event {}
