package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the proxy: random bodies (fixed-length, chunked, server-sent events; split
 * at chosen points, with pauses, some aborted mid-body by the dyno) through the real router on
 * loopback to many concurrent slow keep-alive clients, each compared byte for byte with what the
 * dyno sent. A complete response must equal it; a cut one must be a prefix that does not look
 * complete; an aborted one must never look complete. Then the same with the allocator seam making
 * every n-th release throw after freeing (issue 14's fault): cuts become allowed, changed bytes
 * never. Netty's leak detector runs at PARANOID and the test fails on any leak report in the log.
 * Real: the router (its own Quarkus start, with the fault-injecting allocator), PostgreSQL and
 * Kafka from devstack, sockets on loopback. Faked: the dyno ({@link StreamingDyno}) and the
 * events that announce it.
 */
@QuarkusTest
@RouterTestResources
@TestProfile(ProxyDifferentialTest.FaultyAllocator.class)
class ProxyDifferentialTest {
    private static final int CLIENTS = 32;
    private static final int CASES_PER_CLIENT = 10;

    public static class FaultyAllocator implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FaultInjectingEdgeAllocator.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // slow clients and pauses stay far inside these windows
            return Map.of("slipway.router.idle-timeout", "10s", "slipway.router.keep-alive-timeout", "10s");
        }
    }

    @Inject
    EdgeServer edge;

    private enum Outcome { COMPLETE, CUT }

    @Test
    void randomBodiesArriveByteForByteOrVisiblyCutEvenWhenReleasesThrow() throws Exception {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try (LogCapture leaks = new LogCapture(ResourceLeakDetector.class); StreamingDyno dyno = new StreamingDyno()) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("diff");
            app.up("web.1", dyno.port());
            Platform.await("the dyno", () -> RawHttp.get(edge.port(), app.host(), "/probe").status() == 200);

            List<String> clean = run(app.host(), 1, false);
            assertTrue(clean.isEmpty(), "without faults: " + clean);

            FaultInjectingEdgeAllocator.ALLOCATOR.failEvery(53);
            List<String> faulty;
            try {
                faulty = run(app.host(), 1_000_000, true);
            } finally {
                FaultInjectingEdgeAllocator.ALLOCATOR.failEvery(0);
            }
            assertTrue(faulty.isEmpty(), "with releases throwing: " + faulty);
            assertTrue(FaultInjectingEdgeAllocator.ALLOCATOR.injected.get() > 0, "faults were injected");
            assertEquals(200, RawHttp.get(edge.port(), app.host(), "/probe").status(), "the router still serves");

            // leaks are reported when the collector finds a tracked buffer that was never released
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(200);
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                probe.release();
            }
            assertTrue(leaks.lines().stream().noneMatch(l -> l.contains("LEAK")), leaks.lines().toString());
        } finally {
            ResourceLeakDetector.setLevel(before);
        }
    }

    /** Runs every client's cases; returns the violations (a changed byte, an unexpected cut or answer). */
    private List<String> run(String host, long seedBase, boolean faultsArmed) throws Exception {
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long first = seedBase + (long) c * CASES_PER_CLIENT;
                clients.add(pool.submit(() -> {
                    Socket socket = null;
                    for (long seed = first; seed < first + CASES_PER_CLIENT; seed++) {
                        try {
                            if (socket == null) {
                                socket = new Socket(InetAddress.getLoopbackAddress(), edge.port());
                                socket.setSoTimeout(20_000);
                            }
                            Outcome o = exchange(socket, host, seed, faultsArmed, violations);
                            (o == Outcome.COMPLETE ? complete : cut).incrementAndGet();
                            if (o == Outcome.CUT) {
                                socket.close();
                                socket = null;
                            }
                        } catch (IOException e) {
                            violations.add("seed " + seed + ": " + e);
                            socket = null;
                        }
                    }
                    if (socket != null) {
                        try {
                            socket.close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(complete.get() > CLIENTS, "most cases complete: " + complete + " complete, " + cut + " cut");
        return new ArrayList<>(violations);
    }

    /** One request on the connection, read slowly; checks what came against the seed's case. */
    private static Outcome exchange(Socket socket, String host, long seed, boolean faultsArmed,
                                    ConcurrentLinkedQueue<String> violations) throws IOException {
        StreamCases expected = StreamCases.of(seed);
        socket.getOutputStream().write(("GET /case/" + seed + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = new SlowInput(new BufferedInputStream(socket.getInputStream(), 4096), seed);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean looksComplete;
        String statusLine = null;
        try {
            statusLine = line(in);
            String framing = null;
            long length = -1;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase();
                if (lower.startsWith("transfer-encoding:")) {
                    framing = lower.substring(18).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                }
            }
            if (!statusLine.startsWith("HTTP/1.1 200 ")) {
                // an error page instead of the body: only when faults are injected (H13 and the like)
                if (!faultsArmed) {
                    violations.add("seed " + seed + ": " + statusLine);
                }
                return Outcome.CUT;
            }
            looksComplete = "chunked".equals(framing) ? dechunk(in, body) : readFixed(in, length, body);
        } catch (IOException e) {
            looksComplete = false;
        }
        byte[] got = body.toByteArray();
        byte[] want = expected.body();
        boolean prefix = got.length <= want.length && Arrays.equals(got, 0, got.length, want, 0, got.length);
        if (!prefix) {
            violations.add("seed " + seed + " (" + expected.framing() + "): a changed byte: got " + got.length
                    + " bytes, first difference at " + Arrays.mismatch(got, want));
        } else if (looksComplete && got.length != want.length) {
            violations.add("seed " + seed + ": looks complete at " + got.length + " of " + want.length + " bytes");
        } else if (looksComplete && expected.abortAt() >= 0) {
            violations.add("seed " + seed + ": the dyno aborted, yet the response looks complete");
        } else if (!looksComplete && expected.abortAt() < 0 && !faultsArmed) {
            violations.add("seed " + seed + " (" + expected.framing() + "): cut at " + got.length + " of "
                    + want.length + " bytes, status " + statusLine);
        }
        return looksComplete ? Outcome.COMPLETE : Outcome.CUT;
    }

    private static boolean readFixed(InputStream in, long length, ByteArrayOutputStream body) throws IOException {
        byte[] buf = new byte[8192];
        while (body.size() < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - body.size()));
            if (n < 0) {
                return false;
            }
            body.write(buf, 0, n);
        }
        return length >= 0;
    }

    /** Reads a chunked body; true when its last chunk came. */
    private static boolean dechunk(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = line(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                line(in);
                return true;
            }
            byte[] data = in.readNBytes(size);
            body.write(data, 0, data.length);
            if (data.length < size || !line(in).isEmpty()) {
                return false;
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                throw new IOException("closed mid-line");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** A slow reader: small reads, with a pause now and then, so the router's writes back up. */
    private static final class SlowInput extends InputStream {
        private final InputStream in;
        private final java.util.Random random;

        SlowInput(InputStream in, long seed) {
            this.in = in;
            this.random = new java.util.Random(seed ^ 0x5DEECE66DL);
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (random.nextInt(8) == 0) {
                try {
                    Thread.sleep(1 + random.nextInt(3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return in.read(b, off, Math.min(len, 1 + random.nextInt(2048)));
        }
    }
}
