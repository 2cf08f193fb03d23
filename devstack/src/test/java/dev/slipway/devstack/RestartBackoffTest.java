package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real: RestartBackoff alone (pure arithmetic). Faked: nothing. */
class RestartBackoffTest {
    @Test
    void doublesUpToThirtySecondsAndResetsAfterAStableMinute() {
        RestartBackoff backoff = new RestartBackoff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(backoff.delayAfter(Duration.ofSeconds(2)).toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), delays);
        assertEquals(Duration.ofSeconds(30), backoff.delayAfter(Duration.ofSeconds(59)), "59 s is not stable yet");
        assertEquals(Duration.ofSeconds(1), backoff.delayAfter(Duration.ofMinutes(1)), "a stable minute starts over");
        assertEquals(Duration.ofSeconds(2), backoff.delayAfter(Duration.ofSeconds(3)));
    }
}
