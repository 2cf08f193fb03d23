package dev.slipway.router.metrics;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request meter of one event loop: the current window's counters per app. The loop records
 * (one map lookup and a few single-writer increments per request); the shipper's thread swaps in a
 * new window at each window boundary and reads the old one a moment later. A request the loop was
 * recording while the swap happened lands in the closed window, which is read only after that
 * moment ({@link RouterMetricsShipper}), so it is still counted.
 */
public final class LoopMeter {
    /** For a request answered without asking a dyno (H14, H80): counted, but not a response time. */
    public static final long NO_LATENCY = -1;
    private final boolean enabled;
    private volatile Map<UUID, AppTally> current = new ConcurrentHashMap<>();

    LoopMeter(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Called on the event loop when a request of the app ends.
     *
     * @param errorCode the Heroku router code ({@code "H12"}) or null
     * @param nanos     from the request's arrival to its end, or {@link #NO_LATENCY}
     */
    public void record(UUID appId, int status, String errorCode, long nanos) {
        if (!enabled || appId == null) {
            return;
        }
        Map<UUID, AppTally> apps = current;
        AppTally tally = apps.get(appId);
        if (tally == null) {
            tally = new AppTally();
            apps.put(appId, tally); // only this loop writes the map
        }
        tally.count(status, errorSlot(errorCode), nanos < 0 ? -1 : nanos / 1_000);
    }

    /** Ends the window: later requests count in a new one. Called by the shipper's thread only. */
    Map<UUID, AppTally> close() {
        Map<UUID, AppTally> closed = current;
        current = new ConcurrentHashMap<>();
        return closed;
    }

    static int errorSlot(String errorCode) {
        if (errorCode == null || errorCode.length() != 3 || errorCode.charAt(0) != 'H') {
            return 0;
        }
        int tens = errorCode.charAt(1) - '0';
        int ones = errorCode.charAt(2) - '0';
        return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? 0 : tens * 10 + ones;
    }
}
