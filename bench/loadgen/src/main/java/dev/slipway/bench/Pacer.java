package dev.slipway.bench;

/**
 * When each request of one connection is meant to go out, for a fixed total rate spread over
 * several connections (as wrk2 does). A request that could not go out on time, because the
 * previous answer was late, keeps its intended time: its latency is counted from when it should
 * have been sent, so a stall shows in every request it delayed (no coordinated omission).
 */
final class Pacer {
    private final long intervalNanos;
    private long nextIntended;

    /**
     * @param startNanos when the run starts
     * @param ratePerSecond the total rate over all connections
     * @param connections how many connections share it
     * @param index this connection's number, so the connections' sends are staggered, not bunched
     */
    Pacer(long startNanos, double ratePerSecond, int connections, int index) {
        this.intervalNanos = Math.max(1, Math.round(connections * 1e9 / ratePerSecond));
        this.nextIntended = startNanos + intervalNanos * index / connections;
    }

    /** The intended send time of the next request. */
    long nextIntended() {
        return nextIntended;
    }

    /** True when the next request is due at {@code nowNanos}. */
    boolean due(long nowNanos) {
        return nowNanos - nextIntended >= 0;
    }

    /** Takes the next request's intended time and moves on to the one after. */
    long take() {
        long intended = nextIntended;
        nextIntended += intervalNanos;
        return intended;
    }

    long intervalNanos() {
        return intervalNanos;
    }

    /** A request's latency corrected for coordinated omission, in microseconds. */
    static long latencyMicros(long intendedNanos, long answeredNanos) {
        return Math.max(0, (answeredNanos - intendedNanos) / 1_000);
    }
}
