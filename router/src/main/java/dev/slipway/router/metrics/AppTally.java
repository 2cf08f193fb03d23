package dev.slipway.router.metrics;

import dev.slipway.events.LatencyBuckets;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One app's counters for one window on one event loop. Only that loop writes them, so a count is a
 * plain read and a release write (no compare-and-set, no lock, nothing shared with another core);
 * the shipper reads them with acquire once the window is closed.
 */
final class AppTally {
    static final int CLASSES = 4;
    /** Heroku's router codes run from H10 to H99: the number is the slot. */
    static final int ERROR_SLOTS = 100;
    private static final int ERRORS = CLASSES;
    private static final int MAX = ERRORS + ERROR_SLOTS;
    private static final int LATENCY = MAX + 1;

    private final AtomicLongArray slots = new AtomicLongArray(LATENCY + LatencyBuckets.COUNT);

    /**
     * Counts a finished request; a status outside 200-599 (a 101 upgrade) counts its latency only,
     * a negative latency (none: the router answered without a dyno) counts its status only.
     */
    void count(int status, int errorSlot, long micros) {
        int statusClass = status / 100 - 2;
        if (statusClass >= 0 && statusClass < CLASSES) {
            increment(statusClass);
        }
        if (errorSlot > 0 && errorSlot < ERROR_SLOTS) {
            increment(ERRORS + errorSlot);
        }
        if (micros >= 0) {
            increment(LATENCY + LatencyBuckets.index(micros));
            if (micros > slots.getPlain(MAX)) {
                slots.setRelease(MAX, micros);
            }
        }
    }

    private void increment(int slot) {
        slots.setRelease(slot, slots.getPlain(slot) + 1);
    }

    long requests(int statusClass) {
        return slots.getAcquire(statusClass);
    }

    long errors(int errorSlot) {
        return slots.getAcquire(ERRORS + errorSlot);
    }

    long latency(int bucket) {
        return slots.getAcquire(LATENCY + bucket);
    }

    long maxMicros() {
        return slots.getAcquire(MAX);
    }
}
