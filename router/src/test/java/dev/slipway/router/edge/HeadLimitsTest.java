package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heroku's limits on a request head: the request line and each header line up to 8192 bytes, at
 * most 1000 headers. Real: the router on PostgreSQL and Kafka from devstack, HTTP on loopback.
 * Faked: the dyno (a SocketDyno that counts the header lines it got) and the events of
 * config-service and dyno-manager.
 */
@QuarkusTest
@RouterTestResources
class HeadLimitsTest {
    private static SocketDyno dyno;
    private static AppRoutingTest.TestApp app;

    @Inject
    EdgeServer edge;

    @BeforeAll
    static void startDyno() throws IOException {
        dyno = new SocketDyno((head, in, out) -> SocketDyno.respond(out, 200, "lines=" + head.size()));
    }

    @AfterAll
    static void stopDyno() throws IOException {
        dyno.close();
    }

    private AppRoutingTest.TestApp app() {
        if (app == null) {
            app = AppRoutingTest.newApp("limits");
            app.up("web.1", dyno.port());
            Platform.await("the dyno", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200);
        }
        return app;
    }

    @Test
    void aHeaderLineOf8192BytesPassesAndOneByteMoreIs431() {
        String name = "X-Long: ";
        String fits = name + "a".repeat(8192 - name.length());
        assertEquals(200, RawHttp.get(edge.port(), app().host(), "/", fits).status());

        RawHttp.Response tooLong = RawHttp.get(edge.port(), app().host(), "/", fits + "a");
        assertEquals(431, tooLong.status());
        assertTrue(tooLong.body().contains("8192"), tooLong.body());
    }

    @Test
    void athousandHeadersPassAndOneMoreIs431() {
        // RawHttp sends Host and Connection itself
        RawHttp.Response thousand = RawHttp.get(edge.port(), app().host(), "/", headers(998));
        assertEquals(200, thousand.status());
        // the dyno got them all, plus the router's six forwarding headers
        assertEquals("lines=" + (1 + 998 + 1 + 6), thousand.body());

        assertEquals(431, RawHttp.get(edge.port(), app().host(), "/", headers(999)).status());
    }

    @Test
    void aRequestLineOver8192BytesIs414() {
        assertEquals(200, RawHttp.get(edge.port(), app().host(), "/" + "p".repeat(8000)).status());
        assertEquals(414, RawHttp.get(edge.port(), app().host(), "/" + "p".repeat(8200)).status());
    }

    private static String[] headers(int n) {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            headers.add("X-H" + i + ": v");
        }
        return headers.toArray(String[]::new);
    }
}
