package dev.slipway.devstack;

import java.time.Duration;

/**
 * How long the supervisor waits before restarting a part that exited: 1 s, doubling up to 30 s,
 * back to 1 s once the part has stayed up for a minute. A part that crashes at start (a bad
 * configuration, a port taken) is retried every 30 s without filling the machine with JVMs; a
 * part that dies once after hours comes back after a second.
 */
final class RestartBackoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofMinutes(1);

    private Duration next = FIRST;

    /**
     * The wait before the next restart, given how long the part ran before it exited; each call
     * doubles the following one unless the part was stable.
     */
    synchronized Duration delayAfter(Duration uptime) {
        if (uptime.compareTo(STABLE) >= 0) {
            next = FIRST;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return delay;
    }
}
