package dev.slipway.router.messaging;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes a time given in microseconds since the epoch as ISO-8601 in UTC with six fraction digits
 * ({@code 2026-11-22T10:00:00.123456Z}), which {@code Instant.parse} and Jackson read back to the
 * same instant. The date and time of day are formatted once per second, the fraction by hand. Not
 * thread-safe: one per writer.
 */
final class IsoMicros {
    private long second = Long.MIN_VALUE;
    private String secondText;

    void append(StringBuilder out, long epochMicros) {
        long s = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        if (s != second) {
            second = s;
            secondText = format(s);
        }
        out.append(secondText).append('.');
        for (int unit = 100_000; unit > 0; unit /= 10) {
            out.append((char) ('0' + micros / unit % 10));
        }
        out.append('Z');
    }

    private static String format(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(19);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        return pad(b, t.getSecond(), 2).toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int digits) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(text);
    }
}
