package dev.slipway.router.domain;

import java.util.List;
import java.util.UUID;

/** The routing state as stored: what the table is built from. */
public record RoutingRows(List<App> apps, List<Domain> domains, List<Dyno> dynos) {

    public record App(UUID id, String name, boolean maintenance) {}

    public record Domain(String hostname, UUID appId) {}

    public record Dyno(UUID dynoId, UUID appId, String name, String type, String state, String host, int port) {}
}
