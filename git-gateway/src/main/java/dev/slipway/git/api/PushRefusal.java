package dev.slipway.git.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a push refused before git saw it, in receive-pack's own words: the message on the
 * side band (git prints it as {@code remote: ...} lines), then a report that the pack was not
 * unpacked and each ref was rejected ({@code ! [remote rejected] main -> main (reason)}). Built
 * from the ref commands at the head of the request body; empty when they cannot be read (the
 * route then answers with an HTTP status instead).
 */
final class PushRefusal {
    private static final int SIDE_BAND_64K_DATA = 65519;
    private static final int SIDE_BAND_DATA = 999;

    private PushRefusal() {}

    static byte[] render(byte[] prefix, String message, String shortReason) {
        Commands commands = Commands.parse(prefix);
        if (commands == null || commands.refs().isEmpty()) {
            return null;
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        write(report, PktLine.of("unpack " + shortReason + "\n"));
        for (String ref : commands.refs()) {
            write(report, PktLine.of("ng " + ref + " " + shortReason + "\n"));
        }
        write(report, PktLine.FLUSH);
        boolean sideBand64k = commands.capabilities().contains("side-band-64k");
        if (!sideBand64k && !commands.capabilities().contains("side-band")) {
            return commands.capabilities().contains("report-status") ? report.toByteArray() : null;
        }
        int max = sideBand64k ? SIDE_BAND_64K_DATA : SIDE_BAND_DATA;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : List.of("", " !     Push rejected, " + message + ".", "")) {
            byte[] text = (line + "\n").getBytes(StandardCharsets.UTF_8);
            write(out, band(2, text, 0, Math.min(max, text.length)));
        }
        byte[] data = report.toByteArray();
        for (int at = 0; at < data.length; at += max) {
            write(out, band(1, data, at, Math.min(max, data.length - at)));
        }
        write(out, PktLine.FLUSH);
        return out.toByteArray();
    }

    private static byte[] band(int band, byte[] data, int from, int length) {
        byte[] payload = new byte[length + 1];
        payload[0] = (byte) band;
        System.arraycopy(data, from, payload, 1, length);
        return PktLine.of(payload);
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    /** The push's ref updates ({@code old new ref}, capabilities after a NUL on the first). */
    record Commands(List<String> refs, List<String> capabilities) {
        static Commands parse(byte[] body) {
            List<String> refs = new ArrayList<>();
            List<String> capabilities = new ArrayList<>();
            int at = 0;
            while (at + 4 <= body.length) {
                int length;
                try {
                    length = Integer.parseInt(new String(body, at, 4, StandardCharsets.US_ASCII), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (length == 0) {
                    return new Commands(refs, capabilities);
                }
                if (length < 4 || at + length > body.length) {
                    break;
                }
                String line = new String(body, at + 4, length - 4, StandardCharsets.UTF_8);
                at += length;
                int nul = line.indexOf('\0');
                if (nul >= 0) {
                    capabilities.addAll(List.of(line.substring(nul + 1).trim().split(" ")));
                    line = line.substring(0, nul);
                }
                String[] parts = line.trim().split(" ");
                if (parts.length == 3 && !line.startsWith("shallow ")) {
                    refs.add(parts[2]);
                }
            }
            // the prefix ended inside the commands: answer for the refs read so far
            return refs.isEmpty() ? null : new Commands(refs, capabilities);
        }
    }
}
