package dev.slipway.events;

/**
 * The fixed log-scale histogram that {@link RouterMetricsAggregated} counts latencies in, so that
 * producer and store agree on what a bucket index means. Values are microseconds. Below 32 µs each
 * microsecond is its own bucket; above, every power of two is cut into 32 equal buckets, so a
 * bucket is at most 1/32 (3.1%) of its lower edge wide. Everything from 2^28 µs (about 268 s) up
 * falls into the last bucket.
 */
public final class LatencyBuckets {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 27;
    /** How many buckets there are: indexes run from 0 to {@code COUNT - 1}. */
    public static final int COUNT = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

    private LatencyBuckets() {}

    /** The bucket a latency falls into; negative latencies count as 0. */
    public static int index(long micros) {
        if (micros < SUB) {
            return (int) Math.max(0, micros);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return COUNT - 1;
        }
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB - 1);
        return (exponent - SUB_BITS + 1) * SUB + sub;
    }

    /** The smallest latency of the bucket, in microseconds. */
    public static long lowerMicros(int index) {
        if (index < SUB) {
            return index;
        }
        int exponent = index / SUB + SUB_BITS - 1;
        long sub = index % SUB;
        return (SUB + sub) << (exponent - SUB_BITS);
    }

    /** The first latency past the bucket, in microseconds (the next bucket's lower edge). */
    public static long upperMicros(int index) {
        return index + 1 >= COUNT ? Long.MAX_VALUE : lowerMicros(index + 1);
    }
}
