package dev.slipway.dyno.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plain unit test of the back-off arithmetic; faked: the clock (FakeClock). */
class CrashBackoffTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void firstCrashRestartsAtOnceThenDoublesToTheCap() {
        assertEquals(Duration.ZERO, CrashBackoff.delay(1));
        assertEquals(Duration.ofSeconds(1), CrashBackoff.delay(2));
        assertEquals(Duration.ofSeconds(2), CrashBackoff.delay(3));
        assertEquals(Duration.ofSeconds(4), CrashBackoff.delay(4));
        assertEquals(Duration.ofSeconds(256), CrashBackoff.delay(10));
        assertEquals(Duration.ofMinutes(5), CrashBackoff.delay(11));
        assertEquals(Duration.ofMinutes(5), CrashBackoff.delay(500));
    }

    @Test
    void theWaitEndsOnTheClock() {
        CrashBackoff backoff = new CrashBackoff(clock);
        UUID app = UUID.randomUUID();
        backoff.crashed(app, "web.1", null);
        assertEquals(Duration.ofSeconds(1), backoff.crashed(app, "web.1", clock.instant()));
        assertEquals(clock.instant().plusSeconds(1), backoff.notBefore(app, "web.1"));
        clock.advance(Duration.ofMillis(999));
        assertEquals(clock.instant().plusMillis(1), backoff.notBefore(app, "web.1"));
        clock.advance(Duration.ofMillis(1));
        assertNull(backoff.notBefore(app, "web.1"));
    }

    @Test
    void resetsAfterTenMinutesUpAndOnRequest() {
        CrashBackoff backoff = new CrashBackoff(clock);
        UUID app = UUID.randomUUID();
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.1", null));
        assertNull(backoff.notBefore(app, "web.1"));
        assertEquals(Duration.ofSeconds(1), backoff.crashed(app, "web.1", clock.instant()));
        assertEquals(Duration.ofSeconds(2), backoff.crashed(app, "web.1", clock.instant()));
        Instant upSince = clock.instant();
        clock.advance(Duration.ofMinutes(9));
        assertEquals(Duration.ofSeconds(4), backoff.crashed(app, "web.1", upSince), "9 minutes up is not stable");
        upSince = clock.instant();
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.1", upSince), "10 minutes up starts over");
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.2", null), "each dyno name has its own");
        backoff.crashed(app, "web.1", null);
        backoff.reset(app);
        assertNull(backoff.notBefore(app, "web.1"));
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.1", null));
    }
}
