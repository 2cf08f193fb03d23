package dev.slipway.dyno.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.ReleasePhaseOutput;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Real: the transcript's bounds and batching. Faked: nothing (no dyno; lines are added by hand). */
class ReleaseTranscriptTest {
    private final ReleaseTranscript transcript = new ReleaseTranscript(UUID.randomUUID(), UUID.randomUUID(), 7);

    @Test
    void linesLeaveInOrderInBatchesWithRunningSequenceNumbers() {
        for (int i = 0; i < 250; i++) {
            transcript.add("line " + i);
        }
        List<ReleasePhaseOutput> first = transcript.drain();
        assertEquals(List.of(0, 100, 200), first.stream().map(ReleasePhaseOutput::seq).toList());
        assertEquals("line 249", first.getLast().lines().getLast());
        assertTrue(transcript.drain().isEmpty());
        transcript.add("later");
        assertEquals(250, transcript.drain().getFirst().seq());
    }

    @Test
    void aBatchStaysUnder64KiBWhateverTheLines() {
        String big = "x".repeat(10_000);
        for (int i = 0; i < 20; i++) {
            transcript.add(big);
        }
        for (ReleasePhaseOutput e : transcript.drain()) {
            assertTrue(e.lines().stream().mapToInt(l -> l.length() + 1).sum() <= 64 * 1024, "batch of " + e.lines().size());
        }
    }

    @Test
    void outputPastTheBoundIsCutWithOneLineSayingSo() {
        for (int i = 0; i < ReleaseTranscript.MAX_LINES + 500; i++) {
            transcript.add("l" + i);
        }
        List<String> kept = transcript.drain().stream().flatMap(e -> e.lines().stream()).toList();
        assertEquals(ReleaseTranscript.MAX_LINES + 1, kept.size());
        assertTrue(kept.getLast().contains("cut here") && kept.getLast().contains("release.7"), kept.getLast());

        ReleaseTranscript bytes = new ReleaseTranscript(UUID.randomUUID(), UUID.randomUUID(), 1);
        String big = "y".repeat(10_000);
        for (int i = 0; i < 100; i++) {
            bytes.add(big);
        }
        long total = bytes.drain().stream().flatMap(e -> e.lines().stream()).mapToLong(String::length).sum();
        assertTrue(total <= ReleaseTranscript.MAX_BYTES + 1_000, "kept " + total);
    }
}
