package dev.slipway.git.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real: PushRefusal and PktLine alone, on request heads as git writes them; nothing faked. */
class PushRefusalTest {
    private static final String ZERO = "0".repeat(40);
    private static final String ONE = "1".repeat(40);

    private static byte[] head(String capabilities, String... refs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] shallow = PktLine.of("shallow " + ONE + "\n");
        out.write(shallow, 0, shallow.length);
        for (int i = 0; i < refs.length; i++) {
            byte[] line = PktLine.of(ZERO + " " + ONE + " " + refs[i] + (i == 0 ? "\0" + capabilities : "") + "\n");
            out.write(line, 0, line.length);
        }
        out.write(PktLine.FLUSH, 0, 4);
        byte[] pack = "PACK....".getBytes(StandardCharsets.US_ASCII);
        out.write(pack, 0, pack.length);
        return out.toByteArray();
    }

    @Test
    void readsTheRefCommandsAndSkipsShallowLines() {
        PushRefusal.Commands commands = PushRefusal.Commands.parse(
                head("report-status side-band-64k agent=git/2.39", "refs/heads/main", "refs/heads/feature"));
        assertEquals(List.of("refs/heads/main", "refs/heads/feature"), commands.refs());
        assertTrue(commands.capabilities().contains("side-band-64k"));
    }

    @Test
    void answersOnTheSideBandWithAReportForEachRef() {
        byte[] answer = PushRefusal.render(head("report-status side-band-64k", "refs/heads/main"), "too big", "too big");
        String text = new String(answer, StandardCharsets.UTF_8);
        assertTrue(text.contains("\u0002 !     Push rejected, too big.\n"), text);
        assertTrue(text.contains("\u00010013unpack too big\n001fng refs/heads/main too big\n0000"), text);
        assertTrue(text.endsWith("0000"), text);
    }

    @Test
    void withoutASideBandOnlyTheReportAndWithoutEitherNothing() {
        String bare = new String(PushRefusal.render(head("report-status", "refs/heads/main"), "x", "no"),
                StandardCharsets.UTF_8);
        assertEquals("000eunpack no\n001ang refs/heads/main no\n0000", bare);
        assertNull(PushRefusal.render(head("agent=git/2.39", "refs/heads/main"), "x", "no"));
        assertNull(PushRefusal.render("garbage".getBytes(StandardCharsets.US_ASCII), "x", "no"));
        assertNull(PushRefusal.render(new byte[0], "x", "no"));
    }
}
