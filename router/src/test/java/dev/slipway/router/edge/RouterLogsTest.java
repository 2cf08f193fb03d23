package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.LogLine;
import dev.slipway.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Router lines reaching the app's log stream. Real: the router on PostgreSQL and Kafka from
 * devstack (outbox, relay, topic {@code slipway.logs}), HTTP on loopback. Faked: the dyno
 * (FakeDyno) and the events of config-service and dyno-manager.
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

        List<LogLine> lines = TestEvents.await(() -> Platform.events(Topics.LOGS, app.id()).stream()
                        .map(EventEnvelope::payload).filter(LogLine.class::isInstance).map(LogLine.class::cast).toList(),
                seen -> seen.stream().anyMatch(l -> l.message().contains("/logged-path")), Duration.ofSeconds(30));
        LogLine line = lines.stream().filter(l -> l.message().contains("/logged-path")).findFirst()
                .orElseThrow(() -> new AssertionError("no router line in " + lines));
        assertEquals("heroku", line.source());
        assertEquals("router", line.process());
        assertTrue(line.message().startsWith("at=info method=GET path=\"/logged-path?x=1\" host=" + app.host()),
                line.message());
        assertTrue(line.message().contains("dyno=web.1") && line.message().contains("status=200"), line.message());
    }
}
