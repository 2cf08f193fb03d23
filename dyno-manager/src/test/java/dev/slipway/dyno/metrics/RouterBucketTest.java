package dev.slipway.dyno.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.LatencyBuckets;
import dev.slipway.events.RouterMetricsAggregated;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

// Real: the bucket arithmetic and percentiles. Faked: nothing.
class RouterBucketTest {

    @Test
    void percentilesAreTheMiddleOfTheRanksBucketAndNeverAboveTheMax() {
        Map<Integer, Long> latency = new HashMap<>();
        for (long ms = 1; ms <= 100; ms++) {
            latency.merge(LatencyBuckets.index(ms * 1000), 1L, Long::sum);
        }
        RouterBucket b = RouterBucket.of(new RouterMetricsAggregated(UUID.randomUUID(), Instant.EPOCH, 10,
                Map.of("2xx", 100L), Map.of(), latency, 100_000));
        within(50, b.percentileMs(0.50));
        within(95, b.percentileMs(0.95));
        within(99, b.percentileMs(0.99));
        assertTrue(b.percentileMs(1.0) <= 100.0);
        assertEquals(100.0, b.maxMs());
    }

    @Test
    void addingSumsCountsAndKeepsTheLargerMax() {
        RouterBucket a = RouterBucket.of(new RouterMetricsAggregated(UUID.randomUUID(), Instant.EPOCH, 10,
                Map.of("2xx", 3L, "5xx", 1L), Map.of("H12", 1L), Map.of(5, 3L), 5));
        a.add(RouterBucket.of(new RouterMetricsAggregated(UUID.randomUUID(), Instant.EPOCH, 10,
                Map.of("2xx", 2L), Map.of("H12", 2L, "bogus", 9L), Map.of(5, 2L, 99_999, 4L), 9)));
        assertEquals(5, a.requests[0]);
        assertEquals(1, a.requests[3]);
        assertEquals(Map.of("H12", 3L), a.errors);
        assertEquals(Map.of(5, 5L), a.latency, "an index outside the histogram is dropped");
        assertEquals(9, a.maxMicros);
    }

    @Test
    void noTimedRequestsHaveNoLatency() {
        RouterBucket b = RouterBucket.of(new RouterMetricsAggregated(UUID.randomUUID(), Instant.EPOCH, 10,
                Map.of("5xx", 1L), Map.of("H14", 1L), Map.of(), 0));
        assertNull(b.percentileMs(0.5));
        assertNull(b.maxMs());
    }

    private static void within(long ms, double actual) {
        int bucket = LatencyBuckets.index(ms * 1000);
        assertTrue(actual * 1000 >= LatencyBuckets.lowerMicros(bucket) - 100
                && actual * 1000 <= LatencyBuckets.upperMicros(bucket) + 100, ms + " ms came out as " + actual);
    }
}
