package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Dynos that misbehave after accepting the connection. Real: the router on PostgreSQL and Kafka
 * from devstack, HTTP on loopback. Faked: the dynos (a FakeDyno that answers too late, sockets
 * that hang up before or during their answer) and the events of config-service and dyno-manager.
 */
@QuarkusTest
@RouterTestResources
class DynoFailuresTest {

    @Inject
    EdgeServer edge;

    @Test
    void noFirstByteInTimeIsH12() throws IOException {
        try (FakeDyno sleepy = new FakeDyno("sleepy", 3_000)) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("timeout");
            app.up("web.1", sleepy.port());
            // H14 until the dyno is known; then each try waits out the (test profile's 2 s) timeout, so
            // the answer that was H12 is the one checked, not a further 2 s request
            RawHttp.Response[] last = new RawHttp.Response[1];
            Platform.await("H12", () -> (last[0] = RawHttp.get(edge.port(), app.host(), "/")).body().contains("H12"));
            RawHttp.Response r = last[0];
            assertEquals(503, r.status());
            assertTrue(r.body().contains("Application Error"), r.body());
        }
    }

    @Test
    void aDynoThatHangsUpWithoutAnsweringIsH13() throws IOException {
        try (HangingUpDyno hangsUp = new HangingUpDyno()) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("hangup");
            app.up("web.1", hangsUp.port());
            Platform.await("H13", () -> RawHttp.get(edge.port(), app.host(), "/").body().contains("H13"));
            assertEquals(503, RawHttp.get(edge.port(), app.host(), "/").status());
        }
    }

    @Test
    void aGetThatMeetsAHangUpIsResentToAnotherDyno() throws IOException {
        try (HangingUpDyno hangsUp = new HangingUpDyno(); FakeDyno alive = new FakeDyno("alive", 0)) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("resend");
            app.up("web.2", alive.port());
            Platform.await("web.2 routed", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200);
            app.up("web.1", hangsUp.port());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (hangsUp.hangUps() == 0 && System.nanoTime() < deadline) {
                RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
                assertEquals(200, r.status(), "web.2 answers what web.1 hung up on: " + r.body());
            }
            assertTrue(hangsUp.hangUps() > 0, "no request ever reached web.1");
        }
    }

    @Test
    void aDynoThatHangsUpMidBodyIsH18AndTheClientSeesTheBodyCutShort() throws Exception {
        try (SocketDyno cutsShort = SocketDyno.probed((head, in, out) -> {
            // the head and 7 of the 100 bytes it announces; then the connection closes
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial".getBytes(StandardCharsets.US_ASCII));
        })) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("cutshort");
            app.up("web.1", cutsShort.port());
            Platform.await("the dyno",
                    () -> RawHttp.get(edge.port(), app.host(), SocketDyno.PROBE_PATH).status() == 200);
            try (RawHttp http = new RawHttp(edge.port())) {
                http.writeRequest("GET", app.host(), "/cut-short", null);
                assertEquals(200, http.readStatus());
                assertEquals("100", http.readHeaders().get("content-length"));
                // what the dyno sent arrives, then the connection closes: the body cannot look complete
                assertEquals("partial", new String(http.in().readAllBytes(), StandardCharsets.US_ASCII));
            }
            String line = RouterLogsTest.awaitLine(app, "path=\"/cut-short\"");
            assertTrue(line.startsWith("at=error code=H18 desc=\"Server Request Interrupted\" method=GET"), line);
        }
    }

    /** A dyno that reads the request and closes the connection without a byte of answer. */
    private static final class HangingUpDyno implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger hangUps = new AtomicInteger();

        HangingUpDyno() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept(); InputStream in = s.getInputStream()) {
                        in.read(new byte[1024]);
                        hangUps.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int hangUps() {
            return hangUps.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
