package dev.slipway.router.messaging;

import dev.slipway.events.EventEnvelope;
import dev.slipway.router.domain.RequestIds;
import java.util.UUID;

/**
 * The JSON of one {@code LogLines} envelope of the router's lines for one app, written by hand as
 * the lines arrive: the same document {@code EventCodec.toJson} would write (fields in another
 * order), at a fraction of Jackson's cost per line. The envelope's {@code occurredAt} is its first
 * line's time, as it was for a {@code LogLine}. Reused: {@link #begin} starts the next envelope.
 */
final class LogLinesJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(4096);
    private final IsoMicros times;
    private char[] chars = new char[512];
    private int lines;

    LogLinesJson(IsoMicros times) {
        this.times = times;
    }

    void begin(UUID appId, long firstAtMicros) {
        out.setLength(0);
        lines = 0;
        String app = appId.toString();
        out.append("{\"eventId\":\"").append(RequestIds.generate())
                .append("\",\"type\":\"LogLines\",\"schemaVersion\":").append(EventEnvelope.CURRENT_SCHEMA_VERSION)
                .append(",\"occurredAt\":\"");
        times.append(out, firstAtMicros);
        out.append("\",\"appId\":\"").append(app).append("\",\"producer\":\"router\",\"payload\":{\"appId\":\"")
                .append(app).append("\",\"source\":\"heroku\",\"process\":\"router\",\"lines\":[");
    }

    void add(long atMicros, String message) {
        if (lines++ > 0) {
            out.append(',');
        }
        out.append("{\"at\":\"");
        times.append(out, atMicros);
        out.append("\",\"message\":\"");
        appendEscaped(message);
        out.append("\"}");
    }

    int lines() {
        return lines;
    }

    /** Characters written so far. */
    int length() {
        return out.length();
    }

    String end() {
        return out.append("]}}").toString();
    }

    /**
     * JSON string content: quote, backslash and control characters escaped, everything else as it
     * is. Scans a char[] copy rather than charAt (about half the time per line) and appends the
     * runs between escapes in one piece.
     */
    private void appendEscaped(String s) {
        int n = s.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        char[] cs = chars;
        s.getChars(0, n, cs, 0);
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(cs, start, i - start).append('\\');
            switch (c) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '\n' -> out.append('n');
                case '\r' -> out.append('r');
                case '\t' -> out.append('t');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(cs, start, n - start);
    }
}
