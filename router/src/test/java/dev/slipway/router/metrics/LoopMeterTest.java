package dev.slipway.router.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.LatencyBuckets;
import dev.slipway.events.RouterMetricsAggregated;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

// Real: the meters, their windows and the per-app totals. Faked: the edge (the test records).
class LoopMeterTest {
    private static final Instant WINDOW = Instant.parse("2026-12-05T10:00:00Z");
    private final UUID app = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @Test
    void twoLoopsTalliesAddUpToOneEventPerAppWithTraffic() {
        LoopMeter first = new LoopMeter(true);
        LoopMeter second = new LoopMeter(true);
        first.record(app, 200, null, 12_000_000); // 12 ms
        first.record(app, 201, null, 14_000_000);
        second.record(app, 404, null, 3_000_000);
        second.record(app, 503, "H12", 30_000_400_000L);
        second.record(app, 503, "H14", LoopMeter.NO_LATENCY);
        first.record(other, 302, null, 1_000_000);

        List<RouterMetricsAggregated> events = WindowTotals.of(WINDOW, 10, List.of(first.close(), second.close()));

        assertEquals(2, events.size());
        RouterMetricsAggregated mine = events.stream().filter(e -> e.appId().equals(app)).findFirst().orElseThrow();
        assertEquals(WINDOW, mine.windowStart());
        assertEquals(10, mine.windowSeconds());
        assertEquals(Map.of("2xx", 2L, "4xx", 1L, "5xx", 2L), mine.requests());
        assertEquals(Map.of("H12", 1L, "H14", 1L), mine.errors());
        assertEquals(30_000_400L, mine.maxMicros());
        // four responses timed (H14 asked no dyno), each in the bucket of its latency
        assertEquals(Map.of(LatencyBuckets.index(12_000), 1L, LatencyBuckets.index(14_000), 1L,
                LatencyBuckets.index(3_000), 1L, LatencyBuckets.index(30_000_400), 1L), mine.latency());
    }

    @Test
    void aClosedWindowKeepsItsCountsAndTheNextStartsEmpty() {
        LoopMeter meter = new LoopMeter(true);
        meter.record(app, 200, null, 1_000);
        Map<UUID, AppTally> closed = meter.close();
        meter.record(app, 500, null, 1_000);

        RouterMetricsAggregated before = WindowTotals.of(WINDOW, 10, List.of(closed)).getFirst();
        RouterMetricsAggregated after = WindowTotals.of(WINDOW.plusSeconds(10), 10, List.of(meter.close())).getFirst();
        assertEquals(Map.of("2xx", 1L), before.requests());
        assertEquals(Map.of("5xx", 1L), after.requests());
        assertTrue(WindowTotals.of(WINDOW, 10, List.of(meter.close())).isEmpty(), "no traffic, no event");
    }

    @Test
    void aMeterThatIsOffCountsNothing() {
        LoopMeter meter = new LoopMeter(false);
        meter.record(app, 200, null, 1_000);
        assertTrue(meter.close().isEmpty());
    }

    @Test
    void onlyHerokuShapedCodesHaveAnErrorSlot() {
        assertEquals(12, LoopMeter.errorSlot("H12"));
        assertEquals(80, LoopMeter.errorSlot("H80"));
        assertEquals(0, LoopMeter.errorSlot(null));
        assertEquals(0, LoopMeter.errorSlot("R14"));
        assertEquals(0, LoopMeter.errorSlot("H1x"));
        assertEquals(0, LoopMeter.errorSlot("H123"));
    }
}
