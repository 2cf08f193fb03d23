package dev.slipway.router.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable snapshot of who serves which host. The edge reads it with one volatile load per
 * request; every change builds a new one (copy-on-write), so readers never lock.
 */
public final class RoutingTable {
    public static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of());

    private final Map<String, AppRoute> byHost;
    private final Map<UUID, Backend> backends;

    private RoutingTable(Map<String, AppRoute> byHost, Map<UUID, Backend> backends) {
        this.byHost = byHost;
        this.backends = backends;
    }

    /** The app served at a normalised host name (see {@link HostNames#normalize}), or null. */
    public AppRoute app(String host) {
        return byHost.get(host);
    }

    public int hostCount() {
        return byHost.size();
    }

    /**
     * Builds the next table. Dynos still at the same address keep their {@link Backend} from
     * {@code previous}, with its in-flight count and skip window.
     */
    public static RoutingTable build(String domain, RoutingRows rows, RoutingTable previous) {
        Map<UUID, List<RoutingRows.Dyno>> dynosByApp = new HashMap<>();
        for (RoutingRows.Dyno d : rows.dynos()) {
            if ("web".equals(d.type())) {
                dynosByApp.computeIfAbsent(d.appId(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<UUID, Backend> backends = new HashMap<>();
        Map<UUID, AppRoute> routes = new HashMap<>();
        for (RoutingRows.App app : rows.apps()) {
            List<Backend> up = new ArrayList<>();
            boolean crashed = false;
            for (RoutingRows.Dyno d : dynosByApp.getOrDefault(app.id(), List.of())) {
                if ("up".equals(d.state()) && d.host() != null && d.port() > 0) {
                    Backend old = previous.backends.get(d.dynoId());
                    Backend b = old != null && old.sameAddress(d.host(), d.port())
                            ? old : new Backend(d.dynoId(), d.name(), d.host(), d.port());
                    backends.put(d.dynoId(), b);
                    up.add(b);
                } else if ("crashed".equals(d.state())) {
                    crashed = true;
                }
            }
            routes.put(app.id(), new AppRoute(app.id(), app.name(), app.maintenance(), up, crashed && up.isEmpty()));
        }
        Map<String, AppRoute> byHost = new HashMap<>();
        // custom domains first, so an app's own <name>.<domain> wins a clash
        for (RoutingRows.Domain d : rows.domains()) {
            AppRoute route = routes.get(d.appId());
            if (route != null) {
                byHost.put(HostNames.normalize(d.hostname()), route);
            }
        }
        for (AppRoute route : routes.values()) {
            byHost.put(HostNames.normalize(route.name() + "." + domain), route);
        }
        return new RoutingTable(Map.copyOf(byHost), Map.copyOf(backends));
    }
}
