package dev.slipway.dyno.domain;

import java.util.Map;
import java.util.UUID;

/** What to launch: one process of a release, under a dyno's name, in a sandbox of the given size. */
public record DynoSpec(UUID dynoId, String name, String type, String command, DynoSize size, AppRelease release,
                       Map<String, String> extraEnv) {}
