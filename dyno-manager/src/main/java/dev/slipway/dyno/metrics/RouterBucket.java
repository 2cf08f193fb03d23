package dev.slipway.dyno.metrics;

import dev.slipway.events.LatencyBuckets;
import dev.slipway.events.RouterMetricsAggregated;
import java.util.Map;
import java.util.TreeMap;

/** What the router counted for an app in one bucket of time; buckets of the same time add up. */
public final class RouterBucket {
    static final String[] CLASSES = {"2xx", "3xx", "4xx", "5xx"};

    final long[] requests = new long[CLASSES.length];
    final Map<String, Long> errors = new TreeMap<>();
    final Map<Integer, Long> latency = new TreeMap<>();
    long maxMicros;

    static RouterBucket of(RouterMetricsAggregated e) {
        RouterBucket b = new RouterBucket();
        for (int i = 0; i < CLASSES.length; i++) {
            b.requests[i] = Math.max(0, e.requests().getOrDefault(CLASSES[i], 0L));
        }
        e.errors().forEach((code, n) -> {
            if (code != null && n != null && n > 0 && code.matches("H[0-9]{2}")) {
                b.errors.merge(code, n, Long::sum);
            }
        });
        e.latency().forEach((bucket, n) -> {
            if (bucket != null && n != null && n > 0 && bucket >= 0 && bucket < LatencyBuckets.COUNT) {
                b.latency.merge(bucket, n, Long::sum);
            }
        });
        b.maxMicros = Math.max(0, e.maxMicros());
        return b;
    }

    void add(RouterBucket other) {
        for (int i = 0; i < requests.length; i++) {
            requests[i] += other.requests[i];
        }
        other.errors.forEach((code, n) -> errors.merge(code, n, Long::sum));
        other.latency.forEach((bucket, n) -> latency.merge(bucket, n, Long::sum));
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long timed() {
        return latency.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The latency below which {@code quantile} of the timed requests fell, in milliseconds: the
     * middle of the histogram bucket holding that rank (so within one bucket of the truth), never
     * above the exact maximum; null when no request was timed.
     */
    Double percentileMs(double quantile) {
        long total = timed();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : latency.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                int bucket = e.getKey();
                long upper = LatencyBuckets.upperMicros(bucket);
                double middle = upper == Long.MAX_VALUE ? maxMicros
                        : (LatencyBuckets.lowerMicros(bucket) + upper) / 2.0;
                return round(Math.min(middle, maxMicros) / 1000.0);
            }
        }
        return round(maxMicros / 1000.0);
    }

    Double maxMs() {
        return timed() == 0 ? null : round(maxMicros / 1000.0);
    }

    static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
