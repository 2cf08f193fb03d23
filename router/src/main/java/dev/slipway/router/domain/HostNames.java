package dev.slipway.router.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Host header handling: which hosts are the platform API, and the canonical form to look up. */
public final class HostNames {
    private final Set<String> apiHosts;
    private final String dashboardHost;

    public HostNames(String domain) {
        String d = normalize(domain);
        this.apiHosts = Set.copyOf(List.of("localhost", "127.0.0.1", "[::1]", d, "api." + d));
        // an app host too by its shape: config-service reserves the app names "api" and "dashboard"
        this.dashboardHost = "dashboard." + d;
    }

    /** The host the browser dashboard is served on: {@code dashboard.<domain>}. */
    public boolean isDashboardHost(String normalizedHost) {
        return dashboardHost.equals(normalizedHost);
    }

    public boolean isApiHost(String normalizedHost) {
        return apiHosts.contains(normalizedHost);
    }

    /**
     * Lower case, without the port or a trailing dot; IPv6 literals keep their brackets. Returns
     * the string itself when it is already canonical, so the common case allocates nothing.
     */
    public static String normalize(String host) {
        if (host == null) {
            return "";
        }
        int end = host.length();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            end = close < 0 ? end : close + 1;
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                end = colon;
            }
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        String h = end == host.length() ? host : host.substring(0, end);
        return h.toLowerCase(Locale.ROOT);
    }
}
