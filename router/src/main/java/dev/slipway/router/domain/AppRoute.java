package dev.slipway.router.domain;

import java.util.List;
import java.util.UUID;

/**
 * What the edge needs to serve one app: its web dynos that are up, and enough to name the error
 * when there are none.
 *
 * @param crashed no web dyno is up and at least one crashed (H10 rather than H14)
 */
public record AppRoute(UUID appId, String name, boolean maintenance, List<Backend> backends, boolean crashed) {
    public AppRoute {
        backends = List.copyOf(backends);
    }
}
