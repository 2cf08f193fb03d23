package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bounds on client connections that Netty's codec does not keep: the head-read timeout (408),
 * the keep-alive idle limit, and the memory unfinished heads may hold (431), each over real HTTP on
 * loopback with the answer and the log line checked. Real: the router on PostgreSQL and Kafka from
 * devstack, plain sockets as clients. Faked: nothing is routed (an unknown host, answered 404 by
 * the edge itself), so no dyno is needed. Test settings: head timeout 2 s, keep-alive 4 s, 8 MiB
 * of unfinished heads per event loop.
 */
@QuarkusTest
@RouterTestResources
class ClientBoundsTest {
    private static final byte[] KEEP_ALIVE_GET =
            "GET / HTTP/1.1\r\nHost: nosuch.localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    EdgeServer edge;

    private RawHttp connect() throws IOException {
        return new RawHttp(edge.port());
    }

    @Test
    void aHeadTrickledSlowerThanTheHeadTimeoutIs408AndLogged() throws Exception {
        try (LogCapture log = new LogCapture(ClientGuard.class); RawHttp http = connect()) {
            long start = System.nanoTime();
            http.out().write("GET / HTTP/1.1\r\nHost: nosuch.localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            // a byte every 300 ms: bytes keep coming, the head never completes
            int status = -1;
            try {
                for (int i = 0; i < 30 && http.in().available() == 0; i++) {
                    http.out().write('X');
                    http.out().flush();
                    Thread.sleep(300);
                }
                status = http.readStatus();
            } catch (IOException cut) {
                // the write after the close may be reset first; the log line still says what happened
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds >= 2 && seconds < 6, "cut after " + seconds + " s");
            if (status != -1) {
                assertEquals(408, status);
            }
            Platform.await("the 408 log line", () -> log.lines().stream()
                    .anyMatch(l -> l.contains("request head not complete after 2 s: answered 408 and closed")));
        }
    }

    @Test
    void aKeepAliveConnectionIsServedThenClosedAfterItsIdleLimit() throws Exception {
        try (RawHttp http = connect()) {
            http.out().write(KEEP_ALIVE_GET);
            assertEquals(404, http.readResponse().status());
            Thread.sleep(1500);
            http.out().write(KEEP_ALIVE_GET);
            assertEquals(404, http.readResponse().status(), "idle 1.5 s of 4: still open");
            long idleFrom = System.nanoTime();
            assertEquals(-1, http.in().read(), "closed, nothing sent");
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleFrom);
            assertTrue(idleMillis >= 3_500 && idleMillis < 8_000, "closed after " + idleMillis + " ms idle");
        }
    }

    @Test
    void aConnectionThatNeverSendsIsClosedAfterTheHeadTimeout() throws Exception {
        try (RawHttp http = connect()) {
            long start = System.nanoTime();
            assertEquals(-1, http.in().read(), "closed, nothing sent");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 1_500 && millis < 6_000, "closed after " + millis + " ms");
        }
    }

    /**
     * Issue 14: 40 unfinished 8 MB heads from one client took the router's heap. Now the loop's
     * budget refuses them (431, or a 408 for the few that fit), and another client is answered
     * all along.
     */
    @Test
    void fortyUnfinishedEightMegabyteHeadsAreRefusedAndOthersAreServed() throws Exception {
        int connections = 40;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try (LogCapture log = new LogCapture(ClientGuard.class)) {
            List<Future<String>> floods = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                floods.add(pool.submit(this::unfinishedEightMegabyteHead));
            }
            int served = 0;
            while (!floods.stream().allMatch(Future::isDone)) {
                assertEquals(404, RawHttp.get(edge.port(), "nosuch.localhost", "/").status(), "another client");
                served++;
                Thread.sleep(100);
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : floods) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            assertTrue(outcomes.stream().allMatch(o -> o.startsWith("431") || o.startsWith("408")
                    || o.startsWith("closed")), outcomes.toString());
            assertTrue(served > 0);
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("unfinished request heads on this event loop hold"
                    + " more than 8388608 bytes: answered 431 and closed")), log.lines().toString());
            assertEquals(404, RawHttp.get(edge.port(), "nosuch.localhost", "/").status(), "still up");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends a head of 8 MB without its end; returns the status it got, or how it was cut. */
    private String unfinishedEightMegabyteHead() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            byte[] line = ("X-Big: " + "a".repeat(7990) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                out.write("GET / HTTP/1.1\r\nHost: nosuch.localhost\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int sent = 0; sent < 8_000_000; sent += line.length) {
                    out.write(line);
                }
                out.flush();
            } catch (IOException cut) {
                // refused while sending: the answer may still be readable
            }
            try {
                byte[] status = socket.getInputStream().readNBytes(12);
                return status.length == 12 ? new String(status, 9, 3, StandardCharsets.US_ASCII) : "closed";
            } catch (IOException reset) {
                return "closed: " + reset.getMessage();
            }
        }
    }
}
