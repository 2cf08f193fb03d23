package dev.slipway.dyno.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.dyno.domain.Dyno;
import dev.slipway.dyno.domain.DynoProcesses;
import dev.slipway.events.DynoMetricsSampled;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

// Real: the sample arithmetic. Faked: the readings (records the test makes) and the clocks.
class DynoSamplesTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private final UUID app = UUID.randomUUID();
    private final Dyno web = dyno("web.1", "standard-2X");

    @Test
    void theFirstReadingHasNoLoadAndTheNextTheCpuTimeOverTheTimeBetween() {
        DynoSamples samples = new DynoSamples();
        DynoMetricsSampled first = samples.next(List.of(new DynoProcesses.Usage(web, 80L << 20, 1_000_000)), AT, 0)
                .getFirst();
        assertEquals(app, first.appId());
        assertEquals(new DynoMetricsSampled.Dyno("web.1", "standard-2X", 1024, 80L << 20, 0, 0), first.dynos().getFirst());

        DynoMetricsSampled second = samples.next(List.of(new DynoProcesses.Usage(web, 90L << 20, 3_500_000)),
                AT.plusSeconds(10), 10_000_000_000L).getFirst();
        assertEquals(new DynoMetricsSampled.Dyno("web.1", "standard-2X", 1024, 90L << 20, 2_500_000, 10_000_000),
                second.dynos().getFirst());
    }

    @Test
    void oneEventPerAppAndAnUnreadableCgroupGivesNoLoad() {
        DynoSamples samples = new DynoSamples();
        Dyno other = new Dyno(UUID.randomUUID(), UUID.randomUUID(), "other", "web.1", "web", UUID.randomUUID(), 1,
                Dyno.UP, "10.0.0.2", 5000, 1L, "npm start", "standard-1X", 0, AT, AT);
        samples.next(List.of(new DynoProcesses.Usage(web, -1, -1), new DynoProcesses.Usage(other, 1, 5)), AT, 0);
        List<DynoMetricsSampled> events = samples.next(List.of(new DynoProcesses.Usage(web, -1, -1),
                new DynoProcesses.Usage(other, 1, 10)), AT, 1_000_000);
        assertEquals(2, events.size());
        assertEquals(0, events.get(0).dynos().getFirst().intervalMicros());
        assertEquals(-1, events.get(0).dynos().getFirst().memoryBytes());
        assertEquals(5, events.get(1).dynos().getFirst().cpuMicros());
        assertEquals(1_000, events.get(1).dynos().getFirst().intervalMicros());
    }

    private Dyno dyno(String name, String size) {
        return new Dyno(UUID.randomUUID(), app, "hello", name, "web", UUID.randomUUID(), 1, Dyno.UP, "10.0.0.1", 5000,
                1L, "npm start", size, 0, AT, AT);
    }
}
