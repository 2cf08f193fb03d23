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
import org.junit.jupiter.api.Test;

/**
 * Dynos that misbehave after accepting the connection. Real: the router on PostgreSQL and Kafka
 * from devstack, HTTP on loopback. Faked: the dynos (a FakeDyno that answers too late, a socket
 * that hangs up) and the events of config-service and dyno-manager.
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
            // H14 until the dyno is known; then each try waits out the (test profile's 2 s) timeout
            Platform.await("H12", () -> RawHttp.get(edge.port(), app.host(), "/").body().contains("H12"));
            RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
            assertEquals(503, r.status());
            assertTrue(r.body().contains("Application Error"), r.body());
        }
    }

    @Test
    void aDynoThatHangsUpWithoutAnsweringIsH13() throws IOException {
        try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!hangsUp.isClosed()) {
                    try (Socket s = hangsUp.accept(); InputStream in = s.getInputStream()) {
                        in.read(new byte[1024]);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("hangup");
            app.up("web.1", hangsUp.getLocalPort());
            Platform.await("H13", () -> RawHttp.get(edge.port(), app.host(), "/").body().contains("H13"));
            assertEquals(503, RawHttp.get(edge.port(), app.host(), "/").status());
        }
    }
}
