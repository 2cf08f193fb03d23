package dev.slipway.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Least-outstanding choice with random ties and skip windows: pure, nothing faked. */
class BackendPickerTest {
    private final Backend a = new Backend(UUID.randomUUID(), "web.1", "127.0.0.1", 5001);
    private final Backend b = new Backend(UUID.randomUUID(), "web.2", "127.0.0.1", 5002);
    private final Backend c = new Backend(UUID.randomUUID(), "web.3", "127.0.0.1", 5003);

    @Test
    void picksTheLeastBusy() {
        a.acquire();
        a.acquire();
        b.acquire();
        assertSame(c, BackendPicker.pick(List.of(a, b, c), System.nanoTime()));
        c.acquire();
        c.acquire();
        assertSame(b, BackendPicker.pick(List.of(a, b, c), System.nanoTime()));
    }

    @Test
    void tiesAreSpreadAtRandom() {
        Map<Backend, Integer> hits = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            hits.merge(BackendPicker.pick(List.of(a, b, c), System.nanoTime()), 1, Integer::sum);
        }
        assertEquals(3, hits.size());
        hits.values().forEach(n -> assertTrue(n > 700, "uneven spread " + hits));
    }

    @Test
    void skippedDynosAreLeftOutUntilTheirWindowEnds() {
        long now = System.nanoTime();
        a.skipFor(TimeUnit.SECONDS.toNanos(5), now);
        for (int i = 0; i < 100; i++) {
            assertSame(b, BackendPicker.pick(List.of(a, b), now));
        }
        b.skipFor(TimeUnit.SECONDS.toNanos(5), now);
        assertNull(BackendPicker.pick(List.of(a, b), now));
        assertSame(b.outstanding(), 0);
        assertTrue(List.of(a, b).contains(BackendPicker.pick(List.of(a, b), now + TimeUnit.SECONDS.toNanos(6))));
    }

    @Test
    void nothingToPickFromAnEmptyList() {
        assertNull(BackendPicker.pick(List.of(), System.nanoTime()));
    }
}
