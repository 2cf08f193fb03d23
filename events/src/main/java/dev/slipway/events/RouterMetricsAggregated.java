package dev.slipway.events;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the router saw of one app in one window ({@code windowSeconds}, 10, starting at
 * {@code windowStart}): requests by status class ({@code "2xx"} … {@code "5xx"}), router errors by
 * Heroku code ({@code "H12"}), the latency histogram as bucket index ({@link LatencyBuckets}) →
 * count, only the buckets that counted something, and the exact slowest request. Sent once per app
 * per window with traffic; a window may come in more than one record (two routers, a restart), so
 * a store adds them up.
 */
public record RouterMetricsAggregated(UUID appId, Instant windowStart, int windowSeconds,
                                      Map<String, Long> requests, Map<String, Long> errors,
                                      Map<Integer, Long> latency, long maxMicros) implements Event {

    public RouterMetricsAggregated {
        requests = requests == null ? Map.of() : new TreeMap<>(requests);
        errors = errors == null ? Map.of() : new TreeMap<>(errors);
        latency = latency == null ? Map.of() : new TreeMap<>(latency);
    }
}
