package dev.slipway.router.edge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The responses the differential test proxies, each made from a seed alone so that the dyno that
 * sends it and the client that checks it agree byte for byte: its framing, its body, where its
 * bytes are split into separate writes, the pauses between them, and whether the dyno hangs up
 * part-way (an abort).
 */
record StreamCases(long seed, Framing framing, byte[] body, int[] cuts, int pauseMillis, int abortAt) {

    enum Framing { FIXED, CHUNKED, EVENTS }

    static StreamCases of(long seed) {
        Random random = new Random(seed);
        Framing framing = Framing.values()[random.nextInt(3)];
        byte[] body;
        if (framing == Framing.EVENTS) {
            StringBuilder events = new StringBuilder();
            for (int i = random.nextInt(40); i >= 0; i--) {
                events.append("id: ").append(i).append("\ndata: Build started ").append(random.nextLong()).append("\n\n");
            }
            body = events.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            body = new byte[random.nextInt(4) == 0 ? random.nextInt(200_000) : random.nextInt(4_000)];
            random.nextBytes(body);
        }
        byte[] wire = wire(framing, body, new Random(seed * 31 + 7));
        int[] cuts = new int[1 + random.nextInt(6)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = wire.length == 0 ? 0 : random.nextInt(wire.length);
        }
        java.util.Arrays.sort(cuts);
        int abortAt = random.nextInt(8) == 0 && body.length > 10 ? random.nextInt(body.length) : -1;
        return new StreamCases(seed, framing, body, cuts, random.nextInt(3) == 0 ? 1 + random.nextInt(30) : 0, abortAt);
    }

    /** The dyno's response as it goes on the wire (without its head). */
    byte[] wire() {
        // the chunk sizes come from a second stream of the seed's randomness, the same on both sides
        return wire(framing, body, new Random(seed * 31 + 7));
    }

    String head() {
        return switch (framing) {
            case FIXED -> "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                    + "\r\n\r\n";
            case CHUNKED -> "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            case EVENTS -> "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n";
        };
    }

    /** Where the wire bytes stop when the dyno hangs up mid-body: the body's abortAt-th byte, framed. */
    int wireAbortOffset(byte[] wire) {
        if (abortAt < 0) {
            return -1;
        }
        if (framing == Framing.FIXED) {
            return abortAt;
        }
        // past the chunk header in front of that body byte: walk the chunks
        int at = 0;
        int bodyAt = 0;
        while (at < wire.length) {
            int lineEnd = indexOfCrlf(wire, at);
            int size = Integer.parseInt(new String(wire, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
            int dataStart = lineEnd + 2;
            if (size == 0 || bodyAt + size > abortAt) {
                return dataStart + (abortAt - bodyAt);
            }
            bodyAt += size;
            at = dataStart + size + 2;
        }
        return wire.length;
    }

    private static byte[] wire(Framing framing, byte[] body, Random random) {
        if (framing == Framing.FIXED) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; ) {
            int size = Math.min(body.length - at, 1 + random.nextInt(framing == Framing.EVENTS ? 64 : 20_000));
            out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, size);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += size;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length;
    }
}
