package dev.slipway.dyno.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.kit.HerokuError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

// Real: the range rules. Faked: the clock (a fixed now).
class MetricsRangeTest {
    private static final Instant NOW = Instant.parse("2026-12-05T11:00:07Z");

    @Test
    void defaultsAreTheLastHourAtOneMinuteSteps() {
        MetricsRange r = MetricsRange.parse(null, null, null, NOW);
        assertEquals(new MetricsRange(NOW.minusSeconds(3600), NOW, 60), r);
        assertEquals(Instant.parse("2026-12-05T10:00:00Z"), r.firstBucket());
    }

    @Test
    void rangesOverSixHoursDefaultToTenMinuteSteps() {
        assertEquals(600, MetricsRange.parse("2026-12-04T11:00:00Z", "2026-12-05T11:00:00Z", "", NOW).step());
        assertEquals(60, MetricsRange.parse("2026-12-05T05:00:00Z", "2026-12-05T11:00:00Z", null, NOW).step());
    }

    @Test
    void offsetsAreAccepted() {
        MetricsRange r = MetricsRange.parse("2026-12-05T11:00:00+01:00", "2026-12-05T10:30:00Z", "10", NOW);
        assertEquals(Instant.parse("2026-12-05T10:00:00Z"), r.since());
    }

    @Test
    void badInputIsInvalidParams() {
        invalid("yesterday", null, null);
        invalid(null, "2026-13-01T00:00:00Z", null);
        invalid(null, null, "30");
        invalid(null, null, "ten");
        invalid("2026-12-05T10:00:00Z", "2026-12-05T10:00:00Z", null);
        invalid("2026-12-05T10:00:00Z", "2026-12-05T09:00:00Z", null);
        invalid("2026-11-20T00:00:00Z", "2026-12-05T00:00:00Z", "600");
        // 4 days of 10-second steps is more than 10,080 points
        invalid("2026-12-01T00:00:00Z", "2026-12-05T00:00:00Z", "10");
    }

    private static void invalid(String since, String until, String step) {
        HerokuError e = assertThrows(HerokuError.class, () -> MetricsRange.parse(since, until, step, NOW));
        assertEquals(422, e.status());
        assertEquals("invalid_params", e.id());
    }
}
