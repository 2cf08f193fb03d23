package dev.slipway.git.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A git request body on its way to git: copied to a file as it arrives (never held in memory),
 * inflated on the way when the client gzipped it, and bounded twice: by size, as sent and once
 * inflated, and by inflation ratio, so a gzip bomb is refused after its first megabyte instead of
 * filling the disk up to the size limit. On a refusal the file is gone; the first bytes stay in
 * memory so that a refused push can still be answered on git's side band (they hold its commands).
 */
final class BodySpool {
    /** The head of the body kept for the refusal: a push's ref commands come first. */
    static final int PREFIX_BYTES = 256 * 1024;
    /**
     * git's own payloads never inflate more than a few times (packs are zlib-compressed already;
     * wants and haves are hex); deflate's most is ~1032 times, which only a bomb comes near.
     */
    static final long MAX_RATIO = 100;
    /** The ratio is judged only once this much is inflated: short bodies vary. */
    static final long RATIO_AFTER = 512 * 1024;

    sealed interface Result {}

    record Spooled(Path file, long bytes) implements Result {}

    /** Why, in a sentence for the user and in a few words for git's {@code [remote rejected] (...)}. */
    record Refused(String message, String shortReason, byte[] prefix) implements Result {}

    private BodySpool() {}

    /** Copies {@code raw} to {@code file}; the caller deletes the file either way. */
    static Result spool(InputStream raw, boolean gzip, long limit, Path file, String what) throws IOException {
        CountingInput counted = new CountingInput(raw);
        byte[] prefix = new byte[PREFIX_BYTES];
        int prefixLength = 0;
        long total = 0;
        try (InputStream in = gzip ? new GZIPInputStream(counted, 4 * 1024) : counted;
             OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (prefixLength < PREFIX_BYTES) {
                    int take = Math.min(n, PREFIX_BYTES - prefixLength);
                    System.arraycopy(buffer, 0, prefix, prefixLength, take);
                    prefixLength += take;
                }
                if (gzip && total > RATIO_AFTER && total > MAX_RATIO * counted.count) {
                    return new Refused("the request body inflates to more than " + MAX_RATIO
                            + " times its gzipped size (a gzip bomb?); it was refused, not inflated",
                            "gzip bomb refused", Arrays.copyOf(prefix, prefixLength));
                }
                if (total > limit || counted.count > limit) {
                    return new Refused(what + " is larger than " + size(limit) + ", Slipway's limit",
                            what + " larger than " + size(limit), Arrays.copyOf(prefix, prefixLength));
                }
                out.write(buffer, 0, n);
            }
        }
        return new Spooled(file, total);
    }

    /** 1073741824 → "1 GB": the limits are round numbers. */
    static String size(long bytes) {
        long mb = 1024 * 1024;
        if (bytes % (1024 * mb) == 0) {
            return bytes / (1024 * mb) + " GB";
        }
        return bytes % mb == 0 ? bytes / mb + " MB" : bytes + " bytes";
    }

    private static final class CountingInput extends InputStream {
        private final InputStream in;
        long count;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            // the request's stream is the route's to drain or drop
        }
    }
}
