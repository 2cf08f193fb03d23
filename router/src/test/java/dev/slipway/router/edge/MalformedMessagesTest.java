package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Messages Netty's codecs cannot parse, on either side: the exchange ends as an error, nothing
 * after the fault is sent on, and the response never looks complete. Real: the router on
 * PostgreSQL and Kafka from devstack, HTTP on loopback. Faked: the dynos (SocketDyno) and the
 * events of config-service and dyno-manager.
 */
@QuarkusTest
@RouterTestResources
class MalformedMessagesTest {

    @Inject
    EdgeServer edge;

    @Test
    void aDynoBodyWithABadChunkIsH18AndTheClientNeverSeesItComplete() throws Exception {
        try (LogCapture log = new LogCapture("heroku.router");
             SocketDyno badChunk = SocketDyno.probed((head, in, out) -> out.write(
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\nworld\r\n0\r\n\r\n"
                             .getBytes(StandardCharsets.US_ASCII)))) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("badchunk");
            app.up("web.1", badChunk.port());
            Platform.await("the dyno",
                    () -> RawHttp.get(edge.port(), app.host(), SocketDyno.PROBE_PATH).status() == 200);
            boolean complete;
            try (RawHttp http = new RawHttp(edge.port())) {
                http.writeRequest("GET", app.host(), "/bad-chunk", null);
                http.readResponse();
                complete = true;
            } catch (IOException | RuntimeException cut) {
                complete = false;
            }
            assertFalse(complete, "a response whose body the codec could not frame must not look complete");
            Platform.await("the H18 line", () -> log.lines().stream()
                    .anyMatch(l -> l.contains("code=H18") && l.contains("path=\"/bad-chunk\"")));
        }
    }

    @Test
    void aClientBodyWithABadChunkIs400AndLogged() throws Exception {
        try (LogCapture log = new LogCapture("heroku.router");
             SocketDyno reader = SocketDyno.probed((head, in, out) -> {
                 in.readAllBytes(); // waits for a body that never ends well
             })) {
            AppRoutingTest.TestApp app = AppRoutingTest.newApp("badbody");
            app.up("web.1", reader.port());
            Platform.await("the dyno",
                    () -> RawHttp.get(edge.port(), app.host(), SocketDyno.PROBE_PATH).status() == 200);
            try (RawHttp http = new RawHttp(edge.port())) {
                http.out().write(("POST /upload HTTP/1.1\r\nHost: " + app.host() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\nZZ\r\n").getBytes(StandardCharsets.US_ASCII));
                http.out().flush();
                RawHttp.Response r = http.readResponse();
                assertEquals(400, r.status());
                assertTrue(r.body().contains("not valid HTTP"), r.body());
                assertEquals("close", r.header("Connection"));
            }
            Platform.await("the status=400 line", () -> log.lines().stream()
                    .anyMatch(l -> l.contains("path=\"/upload\"") && l.contains("status=400")));
        }
    }
}
