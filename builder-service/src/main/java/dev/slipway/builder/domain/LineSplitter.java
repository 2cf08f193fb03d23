package dev.slipway.builder.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into lines of at most {@link #MAX_LINE} bytes, as Heroku's logs split long
 * lines: a line with no newline in sight never costs more than one buffer. A cut falls on a
 * UTF-8 character boundary; bytes that are not UTF-8 become U+FFFD, and CR is dropped.
 */
final class LineSplitter {
    /** Heroku splits log lines over 10,000 bytes; build output gets the same bound. */
    static final int MAX_LINE = 10_000;

    /** Takes each line; false stops the reading (the caller's bound was reached). */
    interface Sink {
        boolean accept(String line, int bytes);
    }

    private LineSplitter() {}

    /** Reads to the end (or until the sink says stop); true when the sink stopped it. */
    static boolean split(InputStream in, Sink sink) throws IOException {
        byte[] chunk = new byte[8192];
        byte[] line = new byte[MAX_LINE + 4];
        int length = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    if (!sink.accept(text(line, length), length)) {
                        return true;
                    }
                    length = 0;
                } else if (b != '\r') {
                    line[length++] = b;
                    if (length >= MAX_LINE) {
                        int cut = boundary(line, length);
                        if (!sink.accept(text(line, cut), cut)) {
                            return true;
                        }
                        System.arraycopy(line, cut, line, 0, length - cut);
                        length -= cut;
                    }
                }
            }
        }
        return length > 0 && !sink.accept(text(line, length), length);
    }

    /** Where to cut so that no multi-byte character is split: before an unfinished sequence at the end. */
    static int boundary(byte[] bytes, int length) {
        int lead = length - 1;
        while (lead > 0 && length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = bytes[lead] & 0xFF;
        int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + needed > length && lead > 0 ? lead : length;
    }

    private static String text(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
