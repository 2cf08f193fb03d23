package dev.slipway.release.domain;

import java.util.Map;

/** The latest config vars config-service announced for an app, with its version. */
public record ConfigSnapshot(long version, Map<String, String> vars) {
    public ConfigSnapshot {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
    }
}
