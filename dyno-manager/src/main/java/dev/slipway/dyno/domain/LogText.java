package dev.slipway.dyno.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Heroku's line rules: one line per message, none longer than 10,000 bytes (longer ones are split). */
public final class LogText {
    public static final int MAX_LINE_BYTES = 10_000;

    private LogText() {}

    /** The message as lines: split at line breaks, then at 10,000 bytes (never inside a character). */
    public static List<String> lines(String message) {
        List<String> out = new ArrayList<>();
        for (String line : (message == null ? "" : message).split("\r\n|\r|\n", -1)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (bytes.length <= MAX_LINE_BYTES) {
                out.add(line);
                continue;
            }
            split(bytes, 0, bytes.length, out);
        }
        // a message ending in a line break does not make an empty last line
        if (out.size() > 1 && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    /** Splits UTF-8 bytes into chunks of at most 10,000 bytes, each ending on a character boundary. */
    public static void split(byte[] bytes, int from, int to, List<String> out) {
        int start = from;
        while (to - start > MAX_LINE_BYTES) {
            int end = start + MAX_LINE_BYTES;
            // back off continuation bytes (10xxxxxx) so a character is never cut in two
            while (end > start && (bytes[end] & 0xC0) == 0x80) {
                end--;
            }
            out.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
            start = end;
        }
        out.add(new String(bytes, start, to - start, StandardCharsets.UTF_8));
    }
}
