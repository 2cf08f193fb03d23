package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The rolling idle window after the first response byte (55 s on Heroku, 3 s in the test profile),
 * the same window while the client sends its request (H28), and the 30 s (here 2 s) to the first
 * byte counted from the end of the request. Real: the router on PostgreSQL and Kafka from devstack,
 * HTTP on loopback, the router lines on the real log topic. Faked: the dynos (SocketDyno) and the
 * events of config-service and dyno-manager.
 */
@QuarkusTest
@RouterTestResources
class IdleWindowTest {

    @Inject
    EdgeServer edge;

    @Test
    void aResponseThatTricklesLongerThanTheWindowIsNotCut() throws Exception {
        // five chunks a second apart: 4 s in all, each gap well inside the 3 s window
        try (SocketDyno trickle = SocketDyno.probed((head, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 5; i++) {
                out.write(("2\r\n" + i + "\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1_000);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("trickle");
            app.up("web.1", trickle.port());
            // the probe, not the trickle: waiting on a 4 s answer would double the test's time
            Platform.await("the dyno",
                    () -> RawHttp.get(edge.port(), app.host(), SocketDyno.PROBE_PATH).status() == 200);
            RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
            assertEquals(200, r.status());
            assertEquals("0\n1\n2\n3\n4\n", r.body());
        }
    }

    @Test
    void aResponseSilentForTheWholeWindowIsCutAsH15() throws Exception {
        try (SocketDyno stalls = SocketDyno.probed((head, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(20_000);
        })) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("stalls");
            app.up("web.1", stalls.port());
            Platform.await("the dyno",
                    () -> RawHttp.get(edge.port(), app.host(), SocketDyno.PROBE_PATH).status() == 200);
            try (RawHttp http = new RawHttp(edge.port())) {
                long started = System.nanoTime();
                http.writeRequest("GET", app.host(), "/stalled", null);
                assertEquals(200, http.readStatus());
                http.readHeaders();
                assertEquals("first\n", http.readChunk());
                // the router closes the connection without the last chunk, so the body cannot look complete
                assertThrows(IOException.class, http::readChunk);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis >= 3_000 && millis < 10_000, "cut after " + millis + " ms");
            }
            String line = RouterLogsTest.awaitLine(app, "path=\"/stalled\"");
            assertTrue(line.startsWith("at=error code=H15 desc=\"Idle connection\" method=GET path=\"/stalled\""), line);
        }
    }

    @Test
    void aClientSilentMidRequestForTheWholeWindowIsH28() throws Exception {
        try (SocketDyno reader = bodyReader(null, 0)) {
            AppRoutingTest.TestApp app = appServedBy(reader, "h28");
            try (RawHttp http = new RawHttp(edge.port())) {
                long started = System.nanoTime();
                // 3 of the 10 bytes announced, then silence
                http.writeRequest("POST", app.host(), "/stalled-upload", null, "Content-Length: 10");
                http.out().write("abc".getBytes(StandardCharsets.US_ASCII));
                http.out().flush();
                assertEquals(-1, http.in().read(), "the router hangs up without an answer");
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis >= 3_000 && millis < 10_000, "cut after " + millis + " ms");
            }
            String line = RouterLogsTest.awaitLine(app, "path=\"/stalled-upload\"");
            assertTrue(line.startsWith("at=error code=H28 desc=\"Client Connection Idle\" method=POST"), line);
            assertTrue(line.contains(" dyno=web.1 ") && line.contains(" status=499 "), line);
        }
    }

    @Test
    void anUploadHeldBackByASlowDynoIsNotTheClientIdling() throws Exception {
        int length = 64 << 20; // far more than the socket buffers between client, router and dyno hold
        // 5 s: longer than the 3 s window, while every buffer on the way is full
        try (SocketDyno slowReader = bodyReader("/big", 5_000); RawHttp http = new RawHttp(edge.port())) {
            AppRoutingTest.TestApp app = appServedBy(slowReader, "heldback");
            http.writeRequest("POST", app.host(), "/big", null, "Content-Length: " + length);
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    byte[] block = new byte[1 << 16];
                    for (int sent = 0; sent < length; sent += block.length) {
                        http.out().write(block);
                    }
                    http.out().flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            RawHttp.Response r = http.readResponse();
            sender.join();
            assertEquals(200, r.status(), r.body());
            assertEquals("read=" + length, r.body());
        }
    }

    @Test
    void theFirstByteClockStartsWhenTheUploadHasEnded() throws Exception {
        // the client takes 3 s to send its body (longer than the 2 s to the first byte); the dyno
        // answers at once after the last byte: no H12
        try (SocketDyno reader = bodyReader(null, 0)) {
            AppRoutingTest.TestApp app = appServedBy(reader, "slowupload");
            try (RawHttp http = new RawHttp(edge.port())) {
                http.writeRequest("POST", app.host(), "/", null, "Content-Length: 3");
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(1_000);
                    http.out().write('a');
                    http.out().flush();
                }
                RawHttp.Response r = http.readResponse();
                assertEquals(200, r.status(), r.body());
                assertEquals("read=3", r.body());
            }
        }
    }

    /**
     * A dyno that reads the whole body its request announces, then answers {@code read=N}; for a
     * POST to {@code pausedPath} it first reads nothing for {@code pauseMillis}.
     */
    private static SocketDyno bodyReader(String pausedPath, long pauseMillis) throws IOException {
        return new SocketDyno((head, in, out) -> {
            if (head.getFirst().startsWith("POST " + pausedPath + " ")) {
                Thread.sleep(pauseMillis);
            }
            int length = Integer.parseInt(SocketDyno.header(head, "Content-Length"));
            SocketDyno.respond(out, 200, "read=" + in.readNBytes(length).length);
        });
    }

    /** A new app whose one web dyno is {@code dyno}, once the router reaches it. */
    private AppRoutingTest.TestApp appServedBy(SocketDyno dyno, String name) {
        AppRoutingTest.TestApp app = AppRoutingTest.newApp(name);
        app.up("web.1", dyno.port());
        Platform.await("the dyno", () -> RawHttp.send(edge.port(), "POST", app.host(), "/", "x").status() == 200);
        return app;
    }
}
