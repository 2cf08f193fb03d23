package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Real: PlatformState's status line for a supervised part, from a properties object. Faked: nothing. */
class PlatformStateTest {
    private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

    @Test
    void showsUptimeAndRestarts() {
        Properties state = new Properties();
        state.setProperty("part.release-service.up-since", "2026-12-04T16:56:53Z");
        state.setProperty("part.release-service.restarts", "2");
        state.setProperty("part.kafka.up-since", "2026-12-04T17:59:58Z");
        state.setProperty("part.kafka.restarts", "1");
        assertEquals("up 1h03m07s, 2 restarts", PlatformState.uptime(state, "release-service", NOW));
        assertEquals("up 0h00m02s, 1 restart", PlatformState.uptime(state, "kafka", NOW));
    }

    @Test
    void saysNothingBeforeSupervisionBegan() {
        assertEquals("", PlatformState.uptime(new Properties(), "router", NOW));
    }
}
