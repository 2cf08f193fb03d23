package dev.slipway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The generator's latency math, on simulated clocks (pure unit test: nothing real, nothing faked). */
class PacerTest {
    private static final long MS = 1_000_000;

    @Test
    void connectionsShareTheRateAndAreStaggered() {
        // 1000 req/s over 4 connections: each sends every 4 ms, the four 1 ms apart
        Pacer first = new Pacer(0, 1000, 4, 0);
        Pacer third = new Pacer(0, 1000, 4, 2);
        assertEquals(4 * MS, first.intervalNanos());
        assertEquals(0, first.take());
        assertEquals(4 * MS, first.take());
        assertEquals(2 * MS, third.take());
        assertFalse(third.due(5 * MS));
        assertTrue(third.due(6 * MS));
    }

    @Test
    void aStallCountsAgainstEveryRequestItHeldBack() {
        // one connection, a request every 1 ms; the server answers in 0.1 ms, except that it stalls
        // 100 ms once. A closed-loop tool would record one slow request; the pacer keeps each
        // held-back request's intended time, so about a hundred are slow.
        Pacer pacer = new Pacer(0, 1000, 1, 0);
        Histogram corrected = new Histogram(3_600_000_000L, 3);
        long clock = 0;
        for (int i = 0; i < 1000; i++) {
            long intended = pacer.take();
            long sent = Math.max(clock, intended);
            long service = i == 500 ? 100 * MS : MS / 10;
            clock = sent + service;
            corrected.recordValue(Pacer.latencyMicros(intended, clock));
        }
        assertEquals(100_000, corrected.getMaxValue(), 100);
        // the ~110 requests queued behind the stall (each catching up 0.9 ms) are late: p85 is fast, p95 is not
        assertTrue(corrected.getValueAtPercentile(85) < 200, "p85 " + corrected.getValueAtPercentile(85));
        assertTrue(corrected.getValueAtPercentile(95) > 40_000, "p95 " + corrected.getValueAtPercentile(95));
    }

    @Test
    void latencyIsInMicrosecondsAndNeverNegative() {
        assertEquals(1_500, Pacer.latencyMicros(10 * MS, 10 * MS + 1_500_000));
        assertEquals(0, Pacer.latencyMicros(10 * MS, 9 * MS));
    }

    @Test
    void theParserWaitsForTheWholeBodyAndConsumesOneResponse() {
        String one = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello";
        ByteBuffer partial = ByteBuffer.wrap((one.substring(0, one.length() - 2)).getBytes(StandardCharsets.US_ASCII));
        assertEquals(ResponseParser.INCOMPLETE, ResponseParser.parse(partial));
        ByteBuffer whole = ByteBuffer.wrap((one + "HTTP/1.1 503 x").getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, ResponseParser.parse(whole));
        assertEquals(one.length(), whole.position());
        ByteBuffer noLength = ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ResponseParser.MALFORMED, ResponseParser.parse(noLength));
    }
}
