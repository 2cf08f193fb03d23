package dev.slipway.events;

import java.util.List;
import java.util.UUID;

/** The app's whole mutable state after the change: name, maintenance flag, buildpack URLs in order. */
public record AppUpdated(UUID appId, String name, boolean maintenance, List<String> buildpacks)
        implements Event {
    public AppUpdated {
        buildpacks = buildpacks == null ? List.of() : List.copyOf(buildpacks);
    }
}
