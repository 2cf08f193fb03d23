package dev.slipway.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

// Real: the ring and real threads. Faked: nothing (no Kafka: the drained lines are collected in lists).
class LineBufferTest {
    private static final UUID APP = UUID.randomUUID();

    @Test
    void theCapacityIsThePowerOfTwoAtOrAboveTheSizeAsked() {
        assertEquals(16_384, new LineBuffer(10_000).capacity());
        assertEquals(8, new LineBuffer(8).capacity());
        assertEquals(2, new LineBuffer(0).capacity());
    }

    @Test
    void aFullRingRefusesLinesUntilItIsDrained() {
        LineBuffer buffer = new LineBuffer(4);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, buffer.offer(APP, i, "line " + i));
        }
        assertEquals(-1, buffer.offer(APP, 4, "refused"));
        List<String> seen = new ArrayList<>();
        assertEquals(3, buffer.drain((app, at, message) -> seen.add(message), 3));
        assertEquals(List.of("line 0", "line 1", "line 2"), seen);
        assertEquals(4, buffer.offer(APP, 5, "line 4"));
        assertEquals(5, buffer.offer(APP, 6, "line 5"));
        assertEquals(6, buffer.offer(APP, 7, "line 6"));
        assertEquals(-1, buffer.offer(APP, 8, "refused"));
        assertEquals(4, buffer.drain((app, at, message) -> seen.add(message), 100));
        assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6"), seen);
        assertEquals(0, buffer.drain((app, at, message) -> seen.add(message), 100));
    }

    @Test
    void twoProducersAndADrainerLoseNothingAndKeepEachProducersOrder() throws Exception {
        LineBuffer buffer = new LineBuffer(64);
        int perProducer = 200_000;
        UUID[] producers = {UUID.randomUUID(), UUID.randomUUID()};
        List<Thread> threads = new ArrayList<>();
        for (UUID producer : producers) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (long i = 0; i < perProducer; i++) {
                    while (buffer.offer(producer, i, null) < 0) {
                        Thread.onSpinWait(); // full: this test wants every line, so it waits for room
                    }
                }
            }));
        }
        long[] next = new long[2];
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (next[0] + next[1] < 2L * perProducer && System.nanoTime() < deadline) {
            buffer.drain((app, at, message) -> {
                int p = app.equals(producers[0]) ? 0 : 1;
                assertEquals(next[p]++, at, "producer " + p + " out of order");
                assertNull(message);
            }, 1_000);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(perProducer, next[0]);
        assertEquals(perProducer, next[1]);
    }
}
