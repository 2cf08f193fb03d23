package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.events.AppCreated;
import dev.slipway.events.DynoStateChanged;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * WebSocket pass-through. Real: the router on PostgreSQL and Kafka from devstack, HTTP on
 * loopback, a Vert.x WebSocket echo server as the dyno. Faked: the events of config-service and
 * dyno-manager (produced by the test); the client is a hand-written handshake and frame on a socket.
 */
@QuarkusTest
@RouterTestResources
class WebSocketTest {

    @Inject
    EdgeServer edge;

    @Inject
    Vertx vertx;

    @Test
    void aWebSocketIsTunnelledToTheDyno() throws Exception {
        HttpServer dyno = vertx.createHttpServer()
                .webSocketHandler(ws -> ws.textMessageHandler(text -> ws.writeTextMessage("echo " + text)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            UUID appId = UUID.randomUUID();
            String name = "ws-" + appId.toString().substring(0, 8);
            Platform.publish(new AppCreated(appId, name, UUID.randomUUID(), "owner@example.com", Instant.now()));
            Platform.publish(new DynoStateChanged(appId, UUID.randomUUID(), "web.1", "web", 1, "up", "127.0.0.1",
                    dyno.actualPort()));
            String host = name + ".localhost";
            Platform.await("the dyno", () -> RawHttp.get(edge.port(), host, "/").status() != 503
                    && RawHttp.get(edge.port(), host, "/").status() != 404);

            try (RawHttp http = new RawHttp(edge.port())) {
                http.out().write(("GET /socket HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                http.out().flush();
                assertEquals(101, http.readStatus());
                assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", http.readHeaders().get("sec-websocket-accept"));
                writeMaskedText(http, "hi");
                assertEquals("echo hi", readText(http.in()));
                writeMaskedText(http, "again");
                assertEquals("echo again", readText(http.in()));
            }
        } finally {
            dyno.close();
        }
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
