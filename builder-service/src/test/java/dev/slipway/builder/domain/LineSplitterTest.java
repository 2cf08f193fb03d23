package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure unit test of cutting output into bounded lines: nothing is faked, nothing runs. */
class LineSplitterTest {
    @Test
    void longLinesAreSplitAtTheBoundAndShortOnesKept() throws IOException {
        List<String> lines = split("a\r\n" + "x".repeat(25_000) + "\nlast");
        assertEquals(List.of("a", "x".repeat(10_000), "x".repeat(10_000), "x".repeat(5_000), "last"), lines);
    }

    @Test
    void aCutNeverSplitsAMultiByteCharacter() throws IOException {
        // 9,999 ASCII bytes then a 3-byte euro sign: the cut falls before it
        List<String> lines = split("x".repeat(9_999) + "€€\n");
        assertEquals(List.of("x".repeat(9_999), "€€"), lines);
        lines.forEach(l -> assertTrue(l.getBytes(StandardCharsets.UTF_8).length <= LineSplitter.MAX_LINE));
    }

    @Test
    void theSinkStopsTheReading() throws IOException {
        List<String> seen = new ArrayList<>();
        boolean stopped = LineSplitter.split(new ByteArrayInputStream("1\n2\n3\n".getBytes(StandardCharsets.UTF_8)),
                (line, bytes) -> seen.add(line) && seen.size() < 2);
        assertTrue(stopped);
        assertEquals(List.of("1", "2"), seen);
        assertFalse(LineSplitter.split(new ByteArrayInputStream(new byte[0]), (line, bytes) -> false));
    }

    private static List<String> split(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        LineSplitter.split(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), (line, bytes) -> lines.add(line));
        return lines;
    }
}
