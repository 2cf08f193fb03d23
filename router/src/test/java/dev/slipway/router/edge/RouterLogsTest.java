package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.LogLines;
import dev.slipway.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Router lines reaching the app's log stream. Real: the router on PostgreSQL and Kafka from
 * devstack (its log shipper's LogLines records on topic {@code slipway.logs}), HTTP on loopback.
 * Faked: the dyno (FakeDyno) and the events of config-service and dyno-manager.
 */
@QuarkusTest
@RouterTestResources
class RouterLogsTest {

    @Inject
    EdgeServer edge;

    private FakeDyno dyno;

    @AfterEach
    void stop() {
        if (dyno != null) {
            dyno.close();
        }
    }

    @Test
    void everyAppRequestBecomesALogLine() throws Exception {
        dyno = new FakeDyno("logged", 0);
        AppRoutingTest.TestApp app = AppRoutingTest.newApp("logs");
        app.up("web.1", dyno.port());
        Platform.await("the dyno", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200);
        RawHttp.get(edge.port(), app.host(), "/logged-path?x=1");

        List<LogLines> records = TestEvents.await(() -> routerRecords(app),
                seen -> seen.stream().anyMatch(r -> has(r, "/logged-path")), Duration.ofSeconds(30));
        LogLines record = records.stream().filter(r -> has(r, "/logged-path")).findFirst().orElseThrow();
        assertEquals("heroku", record.source());
        assertEquals("router", record.process());
        LogLines.Line line = record.lines().stream().filter(l -> l.message().contains("/logged-path")).findFirst()
                .orElseThrow();
        assertTrue(Duration.between(line.at(), Instant.now()).abs().toMinutes() < 1, line.at().toString());
        assertTrue(line.message().startsWith("at=info method=GET path=\"/logged-path?x=1\" host=" + app.host()),
                line.message());
        assertTrue(line.message().contains("dyno=web.1") && line.message().contains("status=200"), line.message());
    }

    @Test
    void anErrorIsOneAtErrorLineWithItsCode() {
        AppRoutingTest.TestApp app = AppRoutingTest.newApp("errlog");
        Platform.await("the app", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 503);
        RawHttp.get(edge.port(), app.host(), "/no-dyno", "X-Request-Id: logged-request-id-0123456789");
        String line = awaitLine(app, "path=\"/no-dyno\"");
        assertEquals("at=error code=H14 desc=\"No web processes running\" method=GET path=\"/no-dyno\" host="
                + app.host() + " request_id=logged-request-id-0123456789 fwd=\"127.0.0.1\" dyno= connect=0ms"
                + " service=0ms status=503 bytes=" + ErrorPages.appError(RouterError.H14).length() + " protocol=http",
                line);
    }

    @Test
    void aClientThatGoesAwayMidRequestIsH27() throws Exception {
        dyno = new FakeDyno("reads", 0);
        AppRoutingTest.TestApp app = AppRoutingTest.newApp("h27");
        app.up("web.1", dyno.port());
        Platform.await("the dyno", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200);
        try (RawHttp http = new RawHttp(edge.port())) {
            // 10 of the 1000 bytes announced, then the client hangs up
            http.writeRequest("POST", app.host(), "/half-sent", null, "Content-Length: 1000");
            OutputStream out = http.out();
            out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
        }
        String line = awaitLine(app, "path=\"/half-sent\"");
        assertTrue(line.startsWith("at=error code=H27 desc=\"Client Request Interrupted\" method=POST"), line);
        assertTrue(line.contains(" dyno=web.1 ") && line.contains(" status=499 "), line);
    }

    /** The first router line of the app's log stream (topic slipway.logs) that contains {@code part}. */
    static String awaitLine(AppRoutingTest.TestApp app, String part) {
        List<String> lines = TestEvents.await(() -> routerRecords(app).stream()
                        .flatMap(r -> r.lines().stream()).map(LogLines.Line::message).toList(),
                seen -> seen.stream().anyMatch(l -> l.contains(part)), Duration.ofSeconds(30));
        return lines.stream().filter(l -> l.contains(part)).findFirst().orElseThrow();
    }

    private static boolean has(LogLines record, String part) {
        return record.lines().stream().anyMatch(l -> l.message().contains(part));
    }

    /** The router's records on the app's log stream: one per flush that had lines of the app. */
    private static List<LogLines> routerRecords(AppRoutingTest.TestApp app) {
        return Platform.events(Topics.LOGS, app.id()).stream().map(EventEnvelope::payload)
                .filter(LogLines.class::isInstance).map(LogLines.class::cast).toList();
    }
}
