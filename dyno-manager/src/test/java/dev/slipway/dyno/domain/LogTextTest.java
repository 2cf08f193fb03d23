package dev.slipway.dyno.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real: LogText alone; nothing faked. */
class LogTextTest {

    @Test
    void linesAreMadeStorableAsTheKitDoes() {
        assertEquals(List.of("a\uFFFD", "b"), LogText.lines("a\u0000\nb"));
    }

    @Test
    void invalidUtf8AndGarbageLinesAreSplitAndStillMakeProgress() {
        byte[] garbage = new byte[25_000];
        java.util.Arrays.fill(garbage, (byte) 0x80); // nothing but continuation bytes
        List<String> out = new ArrayList<>();
        LogText.split(garbage, 0, garbage.length, out);
        assertTrue(out.size() >= 3, "split, not one endless line");
        for (String line : out) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= LogText.MAX_LINE_BYTES, "at most 10,000 bytes");
        }
        assertEquals(25_000, out.stream().mapToInt(String::length).sum(), "one U+FFFD per bad byte");
    }

    @Test
    void namesAreBounded() {
        assertEquals(LogText.MAX_NAME_CHARS, LogText.name("w".repeat(10_000)).length());
        assertEquals("web.1", LogText.name("web.1"));
    }
}
