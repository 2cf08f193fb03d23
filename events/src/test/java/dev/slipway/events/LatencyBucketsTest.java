package dev.slipway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

// Real: the bucket arithmetic. Faked: nothing.
class LatencyBucketsTest {

    @Test
    void every_bucket_holds_exactly_the_values_between_its_edges() {
        for (int i = 0; i < LatencyBuckets.COUNT - 1; i++) {
            long lower = LatencyBuckets.lowerMicros(i);
            long upper = LatencyBuckets.upperMicros(i);
            assertTrue(upper > lower, "bucket " + i);
            assertEquals(i, LatencyBuckets.index(lower), "lower edge of " + i);
            assertEquals(i, LatencyBuckets.index(upper - 1), "last value of " + i);
            assertEquals(i + 1, LatencyBuckets.index(upper), "upper edge of " + i);
        }
    }

    @Test
    void edges_are_at_most_five_percent_apart_above_the_exact_microseconds() {
        for (int i = 20; i < LatencyBuckets.COUNT - 1; i++) {
            long lower = LatencyBuckets.lowerMicros(i);
            double width = LatencyBuckets.upperMicros(i) - lower;
            assertTrue(width / lower <= 0.05, "bucket " + i + " is " + width / lower + " wide");
        }
    }

    @Test
    void out_of_range_latencies_land_in_the_first_and_last_buckets() {
        assertEquals(0, LatencyBuckets.index(-5));
        assertEquals(LatencyBuckets.COUNT - 1, LatencyBuckets.index(Long.MAX_VALUE));
        assertEquals(LatencyBuckets.COUNT - 1, LatencyBuckets.index(1L << 28));
        assertEquals(Long.MAX_VALUE, LatencyBuckets.upperMicros(LatencyBuckets.COUNT - 1));
    }
}
