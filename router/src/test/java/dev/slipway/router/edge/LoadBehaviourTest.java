package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The router under load: a slow dyno among fast ones, a 1 GiB upload, dynos coming and going.
 * Real: the router on PostgreSQL and Kafka from devstack, HTTP on loopback, the routing table
 * fed by real events. Faked: the dynos (FakeDyno, SocketDyno) and the events of config-service
 * and dyno-manager, which the test produces.
 */
@QuarkusTest
@RouterTestResources
class LoadBehaviourTest {

    @Inject
    EdgeServer edge;

    /**
     * One of four dynos takes a second per request and serves one at a time (a single-threaded
     * dyno): under plain random choice a quarter of the requests would queue behind it. With
     * four clients, least-outstanding always finds a fast dyno with nothing in flight.
     */
    @Test
    void oneSlowDynoOfFourDoesNotSlowTheFastRequests() throws Exception {
        AtomicLong slowHits = new AtomicLong();
        try (SocketDyno slow = new SocketDyno(new SerialDyno(slowHits, 1_000));
             FakeDyno a = new FakeDyno("fast-a", 5); FakeDyno b = new FakeDyno("fast-b", 5);
             FakeDyno c = new FakeDyno("fast-c", 5)) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("slowone");
            app.up("web.1", a.port());
            app.up("web.2", b.port());
            app.up("web.3", c.port());
            Platform.await("three fast dynos", () -> served(app, 30).size() == 3);
            app.up("web.4", slow.port());
            Platform.await("the slow dyno", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200
                    && slowHits.get() > 0);
            long slowBefore = slowHits.get();

            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<long[]>> timings = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                timings.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
                    return new long[] {r.status(), (System.nanoTime() - start) / 1_000_000,
                            "slow".equals(r.header("X-Dyno")) ? 1 : 0};
                }));
            }
            List<Long> fastMillis = new ArrayList<>();
            for (Future<long[]> f : timings) {
                long[] t = f.get();
                assertEquals(200, t[0]);
                if (t[2] == 0) {
                    fastMillis.add(t[1]);
                }
            }
            clients.shutdown();
            Collections.sort(fastMillis);
            long p99 = fastMillis.get((int) (fastMillis.size() * 0.99));
            long toSlow = slowHits.get() - slowBefore;
            assertTrue(toSlow <= 4, "the slow dyno got " + toSlow + " of 400 requests");
            assertTrue(p99 < 500, "p99 of the fast dynos' requests: " + p99 + " ms");
        }
    }

    /** A 1 GiB upload is streamed with back-pressure: it reaches the dyno whole, and never piles up in the router. */
    @Test
    void aOneGibUploadIsStreamedNotBuffered() throws Exception {
        long size = 1L << 30;
        AtomicLong received = new AtomicLong();
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        try (SocketDyno sink = new SocketDyno((head, in, out) -> {
            long length = Long.parseLong(SocketDyno.header(head, "Content-Length"));
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            while (total < length) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, length - total));
                if (n < 0) {
                    break;
                }
                total += n;
                received.set(total);
                if (length == size && total >= length / 4 && halfway.getCount() > 0) {
                    // the dyno stops reading for a while: the client must stop too
                    halfway.countDown();
                    resume.await(30, TimeUnit.SECONDS);
                }
            }
            SocketDyno.respond(out, 200, "received=" + total);
        })) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("upload1g");
            app.up("web.1", sink.port());
            Platform.await("the dyno", () -> RawHttp.send(edge.port(), "POST", app.host(), "/", "x").status() == 200);
            received.set(0);

            try (RawHttp http = new RawHttp(edge.port())) {
                http.writeRequest("POST", app.host(), "/upload", null, "Content-Length: " + size);
                AtomicLong sent = new AtomicLong();
                AtomicBoolean failed = new AtomicBoolean();
                Thread writer = Thread.ofPlatform().start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    OutputStream out = http.out();
                    try {
                        for (long left = size; left > 0; left -= chunk.length) {
                            out.write(chunk, 0, (int) Math.min(chunk.length, left));
                            sent.addAndGet(Math.min(chunk.length, left));
                        }
                        out.flush();
                    } catch (IOException e) {
                        failed.set(true);
                    }
                });
                assertTrue(halfway.await(60, TimeUnit.SECONDS), "the dyno never got a quarter of the body");
                Thread.sleep(1_000);
                long sentWhilePaused = sent.get();
                Thread.sleep(1_000);
                assertEquals(sentWhilePaused, sent.get(), "the client kept sending while the dyno did not read");
                long inFlight = sentWhilePaused - received.get();
                assertTrue(inFlight < 64L << 20, "bytes held between client and dyno: " + inFlight);
                resume.countDown();
                writer.join(TimeUnit.SECONDS.toMillis(120));
                assertTrue(!failed.get() && sent.get() == size, "sent " + sent.get());
                RawHttp.Response r = http.readResponse();
                assertEquals(200, r.status());
                assertEquals("received=" + size, r.body());
            }
        }
    }

    /**
     * Scale 2 → 8 → 2 while four clients keep sending: every request gets a 2xx. A dyno leaving is
     * announced (down) and stopped a second later, as dyno-manager's SIGTERM grace allows.
     */
    @Test
    void scalingTwoToEightToTwoUnderLoadFailsNoRequest() throws Exception {
        AppRoutingTest.TestApp app = AppRoutingTest.newApp("scale");
        List<FakeDyno> dynos = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        try {
            for (int i = 1; i <= 8; i++) {
                dynos.add(new FakeDyno("web." + i, 0));
            }
            for (int i = 0; i < 2; i++) {
                ids.add(app.up("web." + (i + 1), dynos.get(i).port()));
            }
            Platform.await("two dynos", () -> served(app, 20).size() == 2);

            AtomicBoolean running = new AtomicBoolean(true);
            Map<String, Long> byDyno = new ConcurrentHashMap<>();
            Map<Integer, Long> byStatus = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> load = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                load.add(clients.submit(() -> {
                    while (running.get()) {
                        RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
                        byStatus.merge(r.status(), 1L, Long::sum);
                        if (r.status() == 200) {
                            byDyno.merge(r.header("X-Dyno"), 1L, Long::sum);
                        }
                    }
                }));
            }
            for (int i = 2; i < 8; i++) {
                ids.add(app.up("web." + (i + 1), dynos.get(i).port()));
                Thread.sleep(200);
            }
            Platform.await("eight dynos serving", () -> byDyno.size() == 8);
            for (int i = 7; i >= 2; i--) {
                app.state(ids.get(i), "web." + (i + 1), "down", dynos.get(i).port());
                Thread.sleep(200);
            }
            Thread.sleep(1_000);
            for (int i = 2; i < 8; i++) {
                dynos.get(i).close();
            }
            byDyno.clear();
            Thread.sleep(2_000);
            running.set(false);
            for (Future<?> f : load) {
                f.get();
            }
            clients.shutdown();
            assertEquals(Set.of(200), byStatus.keySet(), "statuses: " + byStatus);
            assertTrue(byStatus.get(200) > 100, "requests: " + byStatus);
            assertEquals(Set.of("web.1", "web.2"), byDyno.keySet());
        } finally {
            dynos.forEach(FakeDyno::close);
        }
    }

    private Set<String> served(AppRoutingTest.TestApp app, int requests) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
            if (r.status() == 200) {
                seen.add(r.header("X-Dyno"));
            }
        }
        return seen;
    }

    /** A single-threaded dyno: one request at a time, each taking {@code millis}. */
    private record SerialDyno(AtomicLong hits, long millis) implements SocketDyno.Handler {
        @Override
        public synchronized void handle(List<String> head, InputStream in, OutputStream out)
                throws IOException, InterruptedException {
            hits.incrementAndGet();
            Thread.sleep(millis);
            out.write(("HTTP/1.1 200 OK\r\nX-Dyno: slow\r\nContent-Length: 4\r\nConnection: close\r\n\r\nslow")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
