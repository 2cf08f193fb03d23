package dev.slipway.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds the end of HTTP/1.1 responses in the bytes read from one connection: a head, then a
 * {@code Content-Length} body (what every target of the bench answers with). No pipelining, so at
 * most one response is in the buffer.
 */
final class ResponseParser {
    /** The response is not complete yet. */
    static final int INCOMPLETE = -1;
    /** The bytes are not a response with a Content-Length: the connection must be dropped. */
    static final int MALFORMED = -2;

    private ResponseParser() {}

    /**
     * Looks at {@code buf} (flipped: position 0 .. limit) and returns the status of the complete
     * response at its start, consuming it (position moves past it), or INCOMPLETE or MALFORMED.
     */
    static int parse(ByteBuffer buf) {
        int start = buf.position();
        int limit = buf.limit();
        int headEnd = -1;
        for (int i = start; i + 3 < limit; i++) {
            if (buf.get(i) == '\r' && buf.get(i + 1) == '\n' && buf.get(i + 2) == '\r' && buf.get(i + 3) == '\n') {
                headEnd = i + 4;
                break;
            }
        }
        if (headEnd < 0) {
            return limit - start > 64 * 1024 ? MALFORMED : INCOMPLETE;
        }
        byte[] headBytes = new byte[headEnd - start];
        buf.get(start, headBytes);
        String head = new String(headBytes, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.") || head.length() < 12) {
            return MALFORMED;
        }
        int status;
        try {
            status = Integer.parseInt(head.substring(9, 12));
        } catch (NumberFormatException e) {
            return MALFORMED;
        }
        long length = contentLength(head);
        if (length < 0) {
            return MALFORMED;
        }
        if (limit - headEnd < length) {
            return INCOMPLETE;
        }
        buf.position(headEnd + (int) length);
        return status;
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
