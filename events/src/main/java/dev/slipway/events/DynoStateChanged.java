package dev.slipway.events;

import java.util.UUID;

/**
 * A dyno's actual state: {@code starting}, {@code up}, {@code crashed} or {@code down}. Host and
 * port are where a web dyno listens once it is up.
 */
public record DynoStateChanged(UUID appId, UUID dynoId, String name, String type, int releaseVersion,
                               String state, String host, int port) implements Event {}
