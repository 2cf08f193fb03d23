package dev.slipway.dyno.domain;

import dev.slipway.kit.StorableText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Heroku's line rules: one line per message, none longer than 10,000 bytes (longer ones are split),
 * plus what PostgreSQL needs of text: no NUL, no lone surrogate. A dyno may print anything; what it prints must never
 * make a batch of log lines unstorable, so text is made storable at the edge where it enters
 * ({@link AppOutput} for the dynos' output, {@code LogIngest} for lines from other producers).
 */
public final class LogText {
    public static final int MAX_LINE_BYTES = 10_000;
    /** A dyno name is at most a 128-character process type plus {@code .NNNN}; longer is not ours. */
    public static final int MAX_NAME_CHARS = 140;

    private LogText() {}

    /** The message as lines: split at line breaks, then at 10,000 bytes (never inside a character). */
    public static List<String> lines(String message) {
        List<String> out = new ArrayList<>();
        for (String line : storable(message == null ? "" : message).split("\r\n|\r|\n", -1)) {
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

    /**
     * Splits UTF-8 bytes into lines of at most 10,000 bytes, each ending on a character boundary.
     * Invalid bytes become U+FFFD and a NUL its escape, which can make a piece longer than it was
     * read, so each piece is measured again once it is text.
     */
    public static void split(byte[] bytes, int from, int to, List<String> out) {
        int start = from;
        while (to - start > MAX_LINE_BYTES) {
            int end = boundaryBefore(bytes, start, start + MAX_LINE_BYTES);
            add(decode(bytes, start, end), out);
            start = end;
        }
        add(decode(bytes, start, to), out);
    }

    private static void add(String text, List<String> out) {
        // at most 3 bytes per UTF-16 unit: short text needs no measuring
        if (text.length() > MAX_LINE_BYTES / 3) {
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            if (encoded.length > MAX_LINE_BYTES) {
                // valid UTF-8 now, and already storable: plain cuts at character boundaries
                int start = 0;
                while (encoded.length - start > MAX_LINE_BYTES) {
                    int end = boundaryBefore(encoded, start, start + MAX_LINE_BYTES);
                    out.add(new String(encoded, start, end - start, StandardCharsets.UTF_8));
                    start = end;
                }
                out.add(new String(encoded, start, encoded.length - start, StandardCharsets.UTF_8));
                return;
            }
        }
        out.add(text);
    }

    /**
     * The last character boundary at or before {@code end}: continuation bytes (10xxxxxx) are
     * backed off, at most 3 of them; with no lead byte within reach (invalid UTF-8) the cut is at
     * {@code end}, so a line of garbage still makes progress.
     */
    static int boundaryBefore(byte[] bytes, int start, int end) {
        for (int at = end; at > start && end - at <= 3; at--) {
            if ((bytes[at] & 0xC0) != 0x80) {
                return at;
            }
        }
        return end;
    }

    /** UTF-8 to text: invalid bytes become U+FFFD (Java's decoder), then {@link #storable}. */
    static String decode(byte[] bytes, int from, int to) {
        return storable(new String(bytes, from, to - from, StandardCharsets.UTF_8));
    }

    /** Text PostgreSQL stores: the kit's one way ({@link StorableText}: NUL and lone surrogates become U+FFFD). */
    public static String storable(String text) {
        return StorableText.of(text);
    }

    /** A source or process name as stored: storable, and no longer than {@link #MAX_NAME_CHARS}. */
    public static String name(String text) {
        String s = storable(text);
        return s == null || s.length() <= MAX_NAME_CHARS ? s : s.substring(0, MAX_NAME_CHARS);
    }
}
