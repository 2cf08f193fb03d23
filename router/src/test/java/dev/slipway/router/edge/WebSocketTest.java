package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.AppCreated;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.router.domain.AppRoute;
import dev.slipway.router.domain.Routing;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * WebSocket pass-through, and Heroku's rolling idle window on a tunnel. Real: the router on
 * PostgreSQL and Kafka from devstack, HTTP on loopback, a WebSocket echo dyno on a bare socket (its
 * own handshake and frames). Faked: the events of config-service and dyno-manager (produced by the
 * test); the client is a hand-written handshake and frame on a socket.
 */
@QuarkusTest
@RouterTestResources
class WebSocketTest {

    @Inject
    EdgeServer edge;

    @Inject
    Routing routing;

    @Test
    void aWebSocketIsTunnelledToTheDyno() throws Exception {
        try (SocketDyno dyno = new SocketDyno(WebSocketTest::echoSocket); RawHttp http = openTunnel(dyno)) {
            writeMaskedText(http, "hi");
            assertEquals("echo hi", readText(http.in()));
            writeMaskedText(http, "again");
            assertEquals("echo again", readText(http.in()));
        }
    }

    @Test
    void aTunnelSilentBothWaysForTheIdleWindowIsClosed() throws Exception {
        // the window is 55 s on Heroku, 3 s in the test profile
        try (SocketDyno dyno = new SocketDyno(WebSocketTest::echoSocket); RawHttp http = openTunnel(dyno)) {
            long start = System.nanoTime();
            assertEquals(-1, http.in().read(), "the router closes the client's side");
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= 2_500 && waitedMillis < 10_000, "closed after " + waitedMillis + " ms");
        }
    }

    @Test
    void aTunnelInUseOutlivesTheIdleWindow() throws Exception {
        try (SocketDyno dyno = new SocketDyno(WebSocketTest::echoSocket); RawHttp http = openTunnel(dyno)) {
            // a message a second for five seconds: the tunnel lives past the 3 s window, no gap reaches it
            for (int i = 0; i < 5; i++) {
                writeMaskedText(http, "ping " + i);
                assertEquals("echo ping " + i, readText(http.in()));
                Thread.sleep(1_000);
            }
            writeMaskedText(http, "still there");
            assertEquals("echo still there", readText(http.in()));
        }
    }

    /** A new app whose one web dyno is {@code dyno}, and a client connection through the router after the 101. */
    private RawHttp openTunnel(SocketDyno dyno) throws IOException {
        UUID appId = UUID.randomUUID();
        String name = "ws-" + appId.toString().substring(0, 8);
        Platform.publish(new AppCreated(appId, name, UUID.randomUUID(), "owner@example.com", Instant.now()));
        Platform.publish(new DynoStateChanged(appId, UUID.randomUUID(), "web.1", "web", 1, "up", "127.0.0.1",
                dyno.port()));
        String host = name + ".localhost";
        // the dyno answers handshakes only, so the wait asks the routing table, not the dyno
        Platform.await("the dyno", () -> {
            AppRoute route = routing.table().app(host);
            return route != null && !route.backends().isEmpty();
        });
        RawHttp http = new RawHttp(edge.port());
        http.out().write(("GET /socket HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        http.out().flush();
        assertEquals(101, http.readStatus());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", http.readHeaders().get("sec-websocket-accept"));
        return http;
    }

    /** The dyno: RFC 6455's handshake, then "echo " and each text frame back, until the tunnel closes. */
    private static void echoSocket(List<String> head, InputStream in, OutputStream out) throws IOException {
        String key = SocketDyno.header(head, "Sec-WebSocket-Key");
        if (key == null || !"websocket".equalsIgnoreCase(SocketDyno.header(head, "Upgrade"))) {
            SocketDyno.respond(out, 400, "not a WebSocket handshake");
            return;
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (String text = readMaskedText(in); text != null; text = readMaskedText(in)) {
            byte[] payload = ("echo " + text).getBytes(StandardCharsets.UTF_8);
            out.write(new byte[] {(byte) 0x81, (byte) payload.length});
            out.write(payload);
            out.flush();
        }
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short masked text frame from the client, or null at the end of the stream. */
    private static String readMaskedText(InputStream in) throws IOException {
        if (in.read() < 0) {
            return null;
        }
        int length = in.read() & 0x7F;
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes(length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static void writeMaskedText(RawHttp http, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        http.out().write(frame);
        http.out().flush();
    }

    private static String readText(InputStream in) throws IOException {
        int first = in.read();
        assertEquals(0x81, first);
        int length = in.read() & 0x7F;
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
