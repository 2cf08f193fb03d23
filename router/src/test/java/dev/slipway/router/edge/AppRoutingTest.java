package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.AppCreated;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.DomainAdded;
import dev.slipway.events.DynoStateChanged;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edge serving app hosts. Real: the router (its schema on PostgreSQL and its consumer on
 * Kafka, both from devstack), the edge's HTTP on loopback. Faked: the web dynos (FakeDyno HTTP
 * servers) and config-service and dyno-manager, whose events the test produces itself.
 */
@QuarkusTest
@RouterTestResources
class AppRoutingTest {

    @Inject
    EdgeServer edge;

    private final List<FakeDyno> dynos = new ArrayList<>();

    @AfterEach
    void stopDynos() {
        dynos.forEach(FakeDyno::close);
    }

    @Test
    void requestsReachEveryUpDynoWithTheForwardingHeaders() throws IOException {
        TestApp app = newApp("both");
        FakeDyno one = dyno("one", 0);
        FakeDyno two = dyno("two", 0);
        app.up("web.1", one.port());
        app.up("web.2", two.port());
        awaitDynos(app, Set.of("one", "two"));

        RawHttp.Response r = RawHttp.send(edge.port(), "POST", app.host() + ":" + edge.port(), "/echo?q=1", "hello",
                "X-Custom: kept", "Keep-Alive: timeout=5", "X-Forwarded-For: 10.0.0.1",
                "X-Request-Id: client-request-id-0123456789", "Authorization: Bearer secret");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("Host: " + app.host() + ":" + edge.port()), r.body());
        assertTrue(r.body().contains("X-Forwarded-For: 10.0.0.1, 127.0.0.1"), r.body());
        assertTrue(r.body().contains("X-Forwarded-Proto: http"), r.body());
        assertTrue(r.body().contains("X-Forwarded-Port: " + edge.port()), r.body());
        assertTrue(r.body().contains("X-Request-Id: client-request-id-0123456789"), r.body());
        assertTrue(r.body().contains("Via: 1.1 slipway"), r.body());
        assertTrue(r.body().contains("X-Custom: kept"), r.body());
        assertTrue(r.body().contains("Authorization: Bearer secret"), r.body());
        assertFalse(r.body().contains("Keep-Alive"), "hop-by-hop headers stay at the edge: " + r.body());
        assertTrue(r.body().endsWith("body=hello"), r.body());
        long start = Long.parseLong(r.body().replaceAll("(?s).*X-Request-Start: (\\d+).*", "$1"));
        assertTrue(Math.abs(System.currentTimeMillis() - start) < 60_000);

        RawHttp.Response generated = RawHttp.get(edge.port(), app.host(), "/", "X-Request-Id: too-short");
        String id = generated.body().replaceAll("(?s).*X-Request-Id: ([^\\n]+).*", "$1");
        assertEquals(36, id.length(), generated.body());
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyAndAnyOtherExpectationGets417() throws IOException {
        TestApp app = newApp("expect");
        app.up("web.1", dyno("one", 0).port());
        awaitDynos(app, Set.of("one"));

        try (RawHttp http = new RawHttp(edge.port())) {
            http.writeRequest("POST", app.host(), "/echo", null, "Expect: 100-continue", "Content-Length: 5");
            assertEquals(100, http.readStatus(), "the edge says go on before the body is sent");
            http.readHeaders();
            http.out().write("hello".getBytes(StandardCharsets.US_ASCII));
            http.out().flush();
            RawHttp.Response r = http.readResponse();
            assertEquals(200, r.status());
            assertTrue(r.body().endsWith("body=hello"), r.body());
        }

        RawHttp.Response refused = RawHttp.send(edge.port(), "POST", app.host(), "/echo", "hello",
                "Expect: something-else");
        assertEquals(417, refused.status());
        assertEquals("close", refused.header("Connection"));
    }

    @Test
    void aDynoThatGoesDownLeavesTheRotation() throws IOException {
        TestApp app = newApp("down");
        FakeDyno one = dyno("one", 0);
        FakeDyno two = dyno("two", 0);
        app.up("web.1", one.port());
        UUID second = app.up("web.2", two.port());
        awaitDynos(app, Set.of("one", "two"));

        app.state(second, "web.2", "down", two.port());
        Platform.await("web.2 to leave", () -> servedBy(app, 10).equals(Set.of("one")));
    }

    @Test
    void noWebDynoIsH14AndOnlyCrashedOnesIsH10() {
        TestApp app = newApp("none");
        Platform.await("the app to be known", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 503);
        RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
        assertTrue(r.body().contains("Application Error") && r.body().contains("H14"), r.body());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));

        app.state(UUID.randomUUID(), "web.1", "crashed", 0);
        Platform.await("H10", () -> RawHttp.get(edge.port(), app.host(), "/").body().contains("H10"));
    }

    @Test
    void maintenanceModeIsH80UntilItIsTurnedOff() throws IOException {
        TestApp app = newApp("maint");
        app.up("web.1", dyno("one", 0).port());
        awaitDynos(app, Set.of("one"));

        Platform.publish(new AppUpdated(app.id(), app.name(), true, List.of()));
        Platform.await("H80", () -> RawHttp.get(edge.port(), app.host(), "/").body().contains("H80"));
        RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
        assertEquals(503, r.status());
        assertTrue(r.body().contains("Offline for Maintenance"), r.body());

        Platform.publish(new AppUpdated(app.id(), app.name(), false, List.of()));
        Platform.await("maintenance off", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200);
    }

    @Test
    void aDynoThatRefusesConnectionsIsSkippedAndTheRequestRetried() throws IOException {
        TestApp app = newApp("refuse");
        app.up("web.1", deadPort());
        app.up("web.2", dyno("alive", 0).port());
        Platform.await("both dynos known", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200);
        for (int i = 0; i < 20; i++) {
            RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().startsWith("dyno=alive"));
        }
    }

    @Test
    void aSlowDynoDoesNotGetEveryRequest() throws Exception {
        TestApp app = newApp("slow");
        FakeDyno slow = dyno("slow", 400);
        FakeDyno fast = dyno("fast", 0);
        app.up("web.1", slow.port());
        app.up("web.2", fast.port());
        awaitDynos(app, Set.of("slow", "fast"));
        int slowBefore = slow.hits();
        int fastBefore = fast.hits();

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            results.add(clients.submit(() -> RawHttp.get(edge.port(), app.host(), "/").status()));
        }
        for (Future<Integer> f : results) {
            assertEquals(200, f.get());
        }
        clients.shutdown();
        int slowHits = slow.hits() - slowBefore;
        int fastHits = fast.hits() - fastBefore;
        assertEquals(40, slowHits + fastHits);
        assertTrue(slowHits < fastHits / 2, "slow=" + slowHits + " fast=" + fastHits);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        TestApp app = newApp("pipelined");
        FakeDyno one = dyno("one", 0);
        app.up("web.1", one.port());
        awaitDynos(app, Set.of("one"));

        try (RawHttp http = new RawHttp(edge.port())) {
            // three requests in one write, a body in the middle one, the last asking to close
            http.out().write(("GET /1 HTTP/1.1\r\nHost: " + app.host() + "\r\nX-Custom: first\r\n\r\n"
                    + "POST /2 HTTP/1.1\r\nHost: " + app.host() + "\r\nX-Custom: second\r\nContent-Length: 4\r\n\r\nbody"
                    + "GET /3 HTTP/1.1\r\nHost: " + app.host() + "\r\nX-Custom: third\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            http.out().flush();
            RawHttp.Response first = http.readResponse();
            RawHttp.Response second = http.readResponse();
            RawHttp.Response third = http.readResponse();
            assertTrue(first.body().contains("X-Custom: first") && first.body().endsWith("body="), first.body());
            assertTrue(second.body().contains("X-Custom: second") && second.body().endsWith("body=body"), second.body());
            assertTrue(third.body().contains("X-Custom: third"), third.body());
            assertEquals("close", third.headers().get("connection"));
            assertEquals(-1, http.in().read(), "the connection closes after the response to Connection: close");
        }
    }

    @Test
    void customDomainsAndUnknownHosts() throws IOException {
        TestApp app = newApp("custom");
        app.up("web.1", dyno("custom", 0).port());
        String domain = "www." + app.name() + ".example.com";
        Platform.publish(new DomainAdded(app.id(), domain));
        Platform.await("the custom domain", () -> RawHttp.get(edge.port(), domain.toUpperCase(), "/").status() == 200);

        RawHttp.Response unknown = RawHttp.get(edge.port(), "no-such-app-here.localhost", "/");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("No such app"), unknown.body());
    }

    @Test
    void aStreamedResponseArrivesChunkByChunk() throws IOException {
        TestApp app = newApp("stream");
        FakeDyno streamer = dyno("streamer", 0);
        app.up("web.1", streamer.port());
        awaitDynos(app, Set.of("streamer"));
        try (RawHttp http = new RawHttp(edge.port())) {
            http.writeRequest("GET", app.host(), "/stream", null);
            assertEquals(200, http.readStatus());
            assertEquals("chunked", http.readHeaders().get("transfer-encoding"));
            // the dyno holds back its last chunk until this one has reached the client
            assertEquals("first chunk\n", http.readChunk());
            streamer.releaseStream();
            assertEquals("last chunk\n", http.readChunk());
            assertNull(http.readChunk());
        }
    }

    @Test
    void aChunkedUploadStreamsBothWaysAtOnce() throws IOException {
        TestApp app = newApp("upload");
        app.up("web.1", dyno("uploader", 0).port());
        awaitDynos(app, Set.of("uploader"));
        try (RawHttp http = new RawHttp(edge.port())) {
            // like git push: the dyno answers while the client is still sending
            http.writeRequest("POST", app.host(), "/upload", null, "Transfer-Encoding: chunked");
            http.writeChunk("first\n");
            assertEquals(200, http.readStatus());
            http.readHeaders();
            assertEquals("got first\n", http.readChunk());
            http.writeChunk("last\n");
            assertEquals("got last\n", http.readChunk());
            http.writeChunk("");
            assertNull(http.readChunk());
        }
    }

    private FakeDyno dyno(String name, long delayMillis) throws IOException {
        FakeDyno dyno = new FakeDyno(name, delayMillis);
        dynos.add(dyno);
        return dyno;
    }

    private void awaitDynos(TestApp app, Set<String> names) {
        Platform.await("dynos " + names, () -> servedBy(app, 20).equals(names));
    }

    private Set<String> servedBy(TestApp app, int requests) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            RawHttp.Response r = RawHttp.get(edge.port(), app.host(), "/");
            seen.add(r.status() == 200 ? r.header("X-Dyno") : "status " + r.status());
        }
        return seen;
    }

    static TestApp newApp(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        TestApp app = new TestApp(UUID.randomUUID(), name, name + ".localhost");
        Platform.publish(new AppCreated(app.id(), name, UUID.randomUUID(), "owner@example.com", Instant.now()));
        return app;
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    record TestApp(UUID id, String name, String host) {
        UUID up(String dyno, int port) {
            UUID dynoId = UUID.randomUUID();
            state(dynoId, dyno, "up", port);
            return dynoId;
        }

        void state(UUID dynoId, String dyno, String state, int port) {
            Platform.publish(new DynoStateChanged(id, dynoId, dyno, "web", 1, state, "127.0.0.1", port));
        }
    }
}
