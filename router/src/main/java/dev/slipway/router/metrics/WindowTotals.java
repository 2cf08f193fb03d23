package dev.slipway.router.metrics;

import dev.slipway.events.LatencyBuckets;
import dev.slipway.events.RouterMetricsAggregated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Adds up the event loops' tallies of one closed window into one event per app. */
final class WindowTotals {
    private static final String[] CLASS_NAMES = {"2xx", "3xx", "4xx", "5xx"};

    private WindowTotals() {}

    static List<RouterMetricsAggregated> of(Instant windowStart, int windowSeconds, List<Map<UUID, AppTally>> loops) {
        Map<UUID, List<AppTally>> byApp = new HashMap<>();
        for (Map<UUID, AppTally> loop : loops) {
            loop.forEach((app, tally) -> byApp.computeIfAbsent(app, a -> new ArrayList<>()).add(tally));
        }
        List<RouterMetricsAggregated> events = new ArrayList<>(byApp.size());
        byApp.forEach((app, tallies) -> events.add(total(app, windowStart, windowSeconds, tallies)));
        return events;
    }

    private static RouterMetricsAggregated total(UUID app, Instant windowStart, int windowSeconds, List<AppTally> tallies) {
        Map<String, Long> requests = new HashMap<>();
        Map<String, Long> errors = new HashMap<>();
        Map<Integer, Long> latency = new HashMap<>();
        long max = 0;
        for (AppTally t : tallies) {
            for (int c = 0; c < AppTally.CLASSES; c++) {
                add(requests, CLASS_NAMES[c], t.requests(c));
            }
            for (int slot = 10; slot < AppTally.ERROR_SLOTS; slot++) {
                add(errors, "H" + slot, t.errors(slot));
            }
            for (int b = 0; b < LatencyBuckets.COUNT; b++) {
                add(latency, b, t.latency(b));
            }
            max = Math.max(max, t.maxMicros());
        }
        return new RouterMetricsAggregated(app, windowStart, windowSeconds, requests, errors, latency, max);
    }

    private static <K> void add(Map<K, Long> map, K key, long count) {
        if (count > 0) {
            map.merge(key, count, Long::sum);
        }
    }
}
