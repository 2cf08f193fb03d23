package dev.slipway.dyno.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.dyno.config.LifecycleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** When dynos are cycled. Plain unit test; faked: the randomness of the jitter (fixed or seeded). */
class CycleScheduleTest {
    private static final Instant START = Instant.parse("2026-12-01T20:00:00Z");

    private static CycleSchedule schedule(OptionalInt hour, java.util.random.RandomGenerator random) {
        return new CycleSchedule(LifecycleSettings.of(Duration.ofSeconds(60), Duration.ofSeconds(30), hour), random);
    }

    @Test
    void everyDayPlusUpTo216MinutesAfterTheStart() {
        assertEquals(START.plus(Duration.ofHours(24)), schedule(OptionalInt.empty(), () -> 0L).next(START));
        CycleSchedule seeded = schedule(OptionalInt.empty(), new SplittableRandom(7));
        Instant earliest = START.plus(Duration.ofHours(24));
        Instant latest = earliest.plus(Duration.ofMinutes(216));
        Instant min = latest;
        Instant max = earliest;
        for (int i = 0; i < 2_000; i++) {
            Instant at = seeded.next(START);
            assertTrue(!at.isBefore(earliest) && !at.isAfter(latest), at.toString());
            min = at.isBefore(min) ? at : min;
            max = at.isAfter(max) ? at : max;
        }
        assertTrue(Duration.between(min, max).compareTo(Duration.ofMinutes(200)) > 0, "the jitter spreads the cycles");
    }

    @Test
    void atTheOperatorsHourSpreadOverThatHourAndNeverWithinAnHourOfTheStart() {
        CycleSchedule atThree = schedule(OptionalInt.of(3), () -> 0L);
        assertEquals(Instant.parse("2026-12-02T03:00:00Z"), atThree.next(START));
        assertEquals(Instant.parse("2026-12-01T03:00:00Z"), atThree.next(Instant.parse("2026-12-01T01:59:59Z")));
        assertEquals(Instant.parse("2026-12-01T03:00:00Z"), atThree.next(Instant.parse("2026-12-01T02:00:00Z")));
        assertEquals(Instant.parse("2026-12-02T03:00:00Z"), atThree.next(Instant.parse("2026-12-01T02:00:01Z")));
        assertEquals(Instant.parse("2026-12-02T03:00:00Z"), atThree.next(Instant.parse("2026-12-01T02:30:00Z")),
                "half an hour old is too young: tomorrow");

        CycleSchedule seeded = schedule(OptionalInt.of(3), new SplittableRandom(11));
        for (int i = 0; i < 500; i++) {
            Instant at = seeded.next(START);
            assertTrue(!at.isBefore(Instant.parse("2026-12-02T03:00:00Z"))
                    && at.isBefore(Instant.parse("2026-12-02T04:00:00Z")), at.toString());
        }
    }

    @Test
    void anHourThatIsNotOneIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> LifecycleSettings.of(Duration.ofSeconds(60), Duration.ofSeconds(30), OptionalInt.of(24)));
        assertThrows(IllegalArgumentException.class,
                () -> LifecycleSettings.of(Duration.ofSeconds(60), Duration.ofSeconds(30), OptionalInt.of(-1)));
    }
}
