package dev.slipway.git.api;

import java.nio.charset.StandardCharsets;

/** git's pkt-line framing: four hex digits of length (counting themselves), then the payload. */
final class PktLine {
    static final byte[] FLUSH = "0000".getBytes(StandardCharsets.US_ASCII);

    private PktLine() {}

    static byte[] of(String payload) {
        return of(payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] of(byte[] data) {
        byte[] out = new byte[data.length + 4];
        System.arraycopy(String.format("%04x", data.length + 4).getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        System.arraycopy(data, 0, out, 4, data.length);
        return out;
    }
}
