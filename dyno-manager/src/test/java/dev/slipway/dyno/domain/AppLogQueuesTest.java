package dev.slipway.dyno.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.LogLine;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Real: the queues. Faked: the clock (fixed), and the dynos, whose lines the test offers itself. */
class AppLogQueuesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final AppLogQueues queues = new AppLogQueues(InstantSource.fixed(NOW));
    private final UUID noisy = UUID.randomUUID();
    private final UUID quiet = UUID.randomUUID();

    private static LogLine line(UUID app, String dyno, String message) {
        return new LogLine(app, NOW, "app", dyno, message);
    }

    @Test
    void aFloodingAppLosesItsOwnLinesOnlyAndTheLogSaysHowMany() throws Exception {
        for (int i = 0; i < AppLogQueues.LINES_PER_APP + 500; i++) {
            queues.offer(line(noisy, "web.1", "flood " + i));
        }
        assertTrue(queues.offer(line(quiet, "worker.1", "still here")));
        assertEquals(500, queues.dropped());

        List<AppLogQueues.Entry> all = drainAll();
        List<String> quietLines = messages(all, quiet);
        assertEquals(List.of("still here"), quietLines);
        List<String> noisyLines = messages(all, noisy);
        assertEquals(AppLogQueues.LINES_PER_APP + 1, noisyLines.size());
        assertEquals("Error L10 (output buffer overflow): 500 messages dropped since 2026-11-22T10:00:00+00:00.",
                noisyLines.getFirst());
        AppLogQueues.Entry report = all.stream().filter(e -> e.appId().equals(noisy)).findFirst().orElseThrow();
        assertEquals("heroku", report.line().source());
        assertEquals("web.1", report.line().process());
        // the lines kept are the first ones, in order
        assertEquals("flood 0", noisyLines.get(1));
        assertEquals("flood " + (AppLogQueues.LINES_PER_APP - 1), noisyLines.getLast());
    }

    @Test
    void whenAllAppsTogetherAreFullTheBiggestGivesWayNotTheQuietOne() throws Exception {
        String big = "x".repeat(9_000);
        // many apps, each under its own bound, together at the total bound
        int perApp = (int) (AppLogQueues.BYTES_PER_APP / (2L * big.length() + 160));
        int apps = (int) (AppLogQueues.BYTES_TOTAL / AppLogQueues.BYTES_PER_APP) + 2;
        for (int a = 0; a < apps; a++) {
            UUID app = a == 0 ? noisy : UUID.randomUUID();
            for (int i = 0; i < perApp + (a == 0 ? 10 : 0); i++) {
                queues.offer(line(app, "web.1", big));
            }
        }
        long droppedBefore = queues.dropped();
        assertTrue(droppedBefore > 0, "the total bound was reached");
        for (int i = 0; i < 50; i++) {
            assertTrue(queues.offer(line(quiet, "web.1", "quiet " + i)), "a quiet app's line always gets in");
        }
        assertEquals(50, messages(drainAll(), quiet).size());
    }

    @Test
    void drainingServesEveryAppInTurn() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            queues.offer(line(noisy, "web.1", "n" + i));
        }
        for (int i = 0; i < 10; i++) {
            queues.offer(line(quiet, "web.1", "q" + i));
        }
        List<AppLogQueues.Entry> first = queues.drain(100, 10);
        assertEquals(100, first.size());
        assertEquals(10, messages(first, quiet).size(), "the quiet app's lines go in the first batch");
    }

    @Test
    void aMarkerComesAfterItsAppsLinesAndIsNeverDropped() throws Exception {
        for (int i = 0; i < AppLogQueues.LINES_PER_APP + 10; i++) {
            queues.offer(line(noisy, "web.1", "n" + i));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queues.mark(noisy, done);
        List<AppLogQueues.Entry> all = drainAll();
        assertTrue(all.getLast().written() == done);
        assertFalse(all.stream().limit(all.size() - 1).anyMatch(e -> e.written() != null));
    }

    @Test
    void linesThatCouldNotBeWrittenAreReportedAsDropped() throws Exception {
        queues.offer(line(quiet, "web.2", "lost in a failed write"));
        queues.lost(queues.drain(10, 10));
        List<String> after = messages(drainAll(), quiet);
        assertEquals(1, after.size());
        assertTrue(after.getFirst().startsWith("Error L10 (output buffer overflow): 1 messages dropped"), after.toString());
    }

    private List<AppLogQueues.Entry> drainAll() throws InterruptedException {
        List<AppLogQueues.Entry> all = new java.util.ArrayList<>();
        while (!queues.isEmpty()) {
            all.addAll(queues.drain(500, 10));
        }
        return all;
    }

    private static List<String> messages(List<AppLogQueues.Entry> entries, UUID app) {
        return entries.stream().filter(e -> e.appId().equals(app) && e.line() != null).map(e -> e.line().message()).toList();
    }
}
