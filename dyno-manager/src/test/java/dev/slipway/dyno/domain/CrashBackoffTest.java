package dev.slipway.dyno.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plain unit test: the back-off arithmetic alone, nothing faked because nothing else is involved. */
class CrashBackoffTest {

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
    void resetsAfterTenMinutesUpAndOnRequest() {
        CrashBackoff backoff = new CrashBackoff();
        UUID app = UUID.randomUUID();
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.1", null));
        assertNull(backoff.notBefore(app, "web.1"));
        assertEquals(Duration.ofSeconds(1), backoff.crashed(app, "web.1", Instant.now()));
        assertNotNull(backoff.notBefore(app, "web.1"));
        assertEquals(Duration.ofSeconds(2), backoff.crashed(app, "web.1", Instant.now()));
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.1", Instant.now().minus(Duration.ofMinutes(11))));
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.2", null));
        backoff.crashed(app, "web.1", null);
        backoff.reset(app);
        assertNull(backoff.notBefore(app, "web.1"));
        assertEquals(Duration.ZERO, backoff.crashed(app, "web.1", null));
    }
}
