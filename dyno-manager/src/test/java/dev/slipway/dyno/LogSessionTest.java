package dev.slipway.dyno;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.LogLine;
import dev.slipway.events.LogLines;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: dyno-manager, PostgreSQL and Kafka from devstack, the log streams read over real HTTP as
 * server-sent events. Faked: the services whose LogLine and LogLines events the test produces to
 * Kafka (the router and dyno-manager's own dynos) and config-service's app and key events.
 */
@QuarkusTest
@TestProfile(LogSessionTest.PublicAddress.class)
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "dyno"))
class LogSessionTest {
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00";
    private static Platform platform;

    /**
     * The public address {@code logplex_url} is built from, pinned: SLIPWAY_DOMAIN and
     * SLIPWAY_HTTP_PORT in the environment (set on a machine that runs the platform) outrank
     * application.properties, but not a test profile.
     */
    public static class PublicAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slipway.domain", "localhost", "slipway.http-port", "8080");
        }
    }

    @BeforeAll
    static void start() {
        platform = new Platform();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void showsTheLastLinesWithHerokusFiltersAndShape() throws Exception {
        Platform.TestApp app = readyApp();
        line(app, "app", "web.1", "listening on 5000");
        line(app, "heroku", "web.1", "State changed from starting to up");
        line(app, "app", "web.2", "two");
        line(app, "heroku", "router", "at=info method=GET path=\"/\" status=200");
        line(app, "app", "worker.1", "tick");
        line(app, "app", "web.1", "a" + "\u00e9".repeat(7_500) + "\nnext line");
        List<String> all = Platform.await(() -> LogStreams.data(readAll(app, "{\"lines\": 1500}")), l -> l.size() == 8);

        assertTrue(all.getFirst().matches(STAMP + " app\\[web\\.1\\]: listening on 5000"), all.getFirst());
        assertTrue(all.get(1).endsWith(" heroku[web.1]: State changed from starting to up"));
        // 15,001 bytes: split at 10,000 bytes but never inside a character, then the rest; then the next line
        assertEquals(List.of(9_999, 5_002), all.subList(5, 7).stream()
                .map(l -> l.substring(l.indexOf("]: ") + 3).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .toList());
        assertTrue(all.get(7).endsWith("app[web.1]: next line"));

        assertEquals(2, LogStreams.data(readAll(app, "{\"lines\": 2}")).size());
        List<String> web = LogStreams.data(readAll(app, "{\"lines\": 1500, \"dyno\": \"web\"}"));
        assertEquals(List.of("web.1", "web.2"), processes(web).stream().sorted().toList());
        assertEquals(all.size() - count(all, "router") - count(all, "worker.1"), web.size());
        assertEquals(List.of("web.2"), processes(LogStreams.data(readAll(app, "{\"dyno\": \"web.2\"}"))));
        assertEquals(List.of("router"), processes(LogStreams.data(readAll(app, "{\"dyno\": \"router\"}"))));
        assertFalse(LogStreams.data(readAll(app, "{\"source\": \"app\"}")).stream().anyMatch(l -> l.contains(" heroku[")));
        assertEquals(List.of("web.1", "router"),
                processes(LogStreams.data(readAll(app, "{\"source\": \"heroku\", \"dyno\": null, \"tail\": false}"))));
        // the CLI's default: the last 100 lines
        assertEquals(8, LogStreams.data(readAll(app, "{}")).size());
    }

    @Test
    void routerLinesComeManyToARecordAndEachIsStoredAsALineWithItsOwnTime() {
        Platform.TestApp app = readyApp();
        Instant first = Instant.parse("2026-11-23T10:00:00.000001Z");
        EventEnvelope batch = platform.publish(new LogLines(app.id(), "heroku", "router", List.of(
                new LogLines.Line(first, "at=info method=GET path=\"/a\" status=200"),
                new LogLines.Line(first.plusMillis(7), "at=info method=GET path=\"/b\" status=200"),
                new LogLines.Line(first.plusSeconds(1), "at=error code=H12 desc=\"Request timeout\" path=\"/c\""))));
        List<String> all = Platform.await(() -> LogStreams.data(readAll(app, "{\"lines\": 1500}")), l -> l.size() == 3);
        assertEquals(List.of(
                "2026-11-23T10:00:00.000001+00:00 heroku[router]: at=info method=GET path=\"/a\" status=200",
                "2026-11-23T10:00:00.007001+00:00 heroku[router]: at=info method=GET path=\"/b\" status=200",
                "2026-11-23T10:00:01.000001+00:00 heroku[router]: at=error code=H12 desc=\"Request timeout\" path=\"/c\""),
                all);
        assertEquals(3, LogStreams.data(readAll(app, "{\"dyno\": \"router\"}")).size());

        // the record delivered again stores nothing: the marker after it is the only new line
        platform.redeliver(batch);
        line(app, "app", "web.1", "after the redelivery");
        List<String> after = Platform.await(() -> LogStreams.data(readAll(app, "{\"lines\": 1500}")),
                l -> l.stream().anyMatch(x -> x.endsWith("after the redelivery")));
        assertEquals(4, after.size(), after.toString());
    }

    @Test
    void aNulFromAnotherProducerIsStoredEscapedAndIngestGoesOn() {
        Platform.TestApp app = readyApp();
        Platform.TestApp other = readyApp();
        // a producer that does not escape (or a record already on the topic): PostgreSQL refuses
        // NUL in text, which used to stop the log of every app
        line(app, "app", "web.1", "before\u0000after");
        line(app, "app\u0000", "web.1\u0000" + "x".repeat(500), "odd names");
        line(other, "app", "web.1", "the next app's line");
        line(app, "app", "web.1", "the next line");
        List<String> all = Platform.await(() -> LogStreams.data(readAll(app, "{\"lines\": 1500}")), l -> l.size() == 3);
        assertTrue(all.getFirst().endsWith(" app[web.1]: before\uFFFDafter"), all.getFirst());
        assertTrue(all.get(1).contains(" app\uFFFD[web.1\uFFFDxxx") && all.get(1).endsWith("]: odd names"), all.get(1));
        assertTrue(all.get(2).endsWith(" app[web.1]: the next line"), all.get(2));
        assertEquals(1, LogStreams.data(readAll(other, "{}")).size());

        // a line PostgreSQL refuses all the same (a stamp past its timestamptz range): that line
        // is skipped and logged, its record's other lines and the next record are stored
        platform.publish(new LogLines(app.id(), "heroku", "router", List.of(
                new LogLines.Line(Instant.parse("+300000-01-01T00:00:00Z"), "from the far future"),
                new LogLines.Line(Instant.now(), "a sane router line"))));
        line(app, "app", "web.1", "after the refused line");
        List<String> after = Platform.await(() -> LogStreams.data(readAll(app, "{\"lines\": 1500}")),
                l -> l.stream().anyMatch(x -> x.endsWith("after the refused line")));
        assertEquals(5, after.size(), after.toString());
        assertTrue(after.get(3).endsWith(" heroku[router]: a sane router line"), after.get(3));
        assertFalse(after.stream().anyMatch(l -> l.contains("far future")), after.toString());
    }

    @Test
    void aTailGetsNewLinesAndResumesWithoutReplay() throws Exception {
        Platform.TestApp app = readyApp();
        line(app, "app", "web.1", "before the tail");
        Platform.await(() -> LogStreams.data(readAll(app, "{}")), l -> l.size() == 1);
        String path = LogStreams.session(app, "{\"tail\": true, \"lines\": 1, \"dyno\": \"web\"}");
        String lastId;
        try (LogStreams.Tail tail = new LogStreams.Tail(path, null)) {
            tail.until("before the tail", 10_000);
            line(app, "app", "worker.1", "filtered out");
            line(app, "app", "web.1", "after the tail opened");
            List<String> seen = tail.until("after the tail opened", 20_000);
            assertFalse(seen.stream().anyMatch(l -> l.contains("filtered out")), seen.toString());
            lastId = seen.get(seen.size() - 2).substring("id: ".length());
            // idle: heartbeat comments keep proxies from closing it (every second in tests)
            tail.until(": heartbeat", 5_000);
        }
        line(app, "app", "web.1", "while away");
        // EventSource comes back with the last id it saw: only what it missed
        try (LogStreams.Tail again = new LogStreams.Tail(path, lastId)) {
            List<String> seen = again.until("while away", 20_000);
            assertFalse(seen.stream().anyMatch(l -> l.contains("after the tail opened") || l.contains("before the tail")),
                    seen.toString());
        }
    }

    @Test
    void tokensAreUnguessableAndExpire() throws Exception {
        Platform.TestApp app = readyApp();
        String path = LogStreams.session(app, "{}");
        assertTrue(path.matches("/log-streams/[A-Za-z0-9_-]{43}"), path);
        given().get("/log-streams/{token}", "no-such-token").then().statusCode(404).body("id", equalTo("not_found"));
        // a finished stream that EventSource tries again: 204, which tells it to stop
        assertEquals(204, LogStreams.open(path, "12").statusCode());
        Thread.sleep(6_500);
        given().get(path).then().statusCode(404).body("id", equalTo("not_found"));
    }

    @Test
    void refusesBadSessions() {
        Platform.TestApp app = readyApp();
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"lines\": 5}")
                .post("/apps/{app}/log-sessions", app.name()).then().statusCode(201)
                .body("id", notNullValue()).body("created_at", notNullValue()).body("updated_at", notNullValue())
                .body("logplex_url", matchesPattern("http://localhost:8080/log-streams/[A-Za-z0-9_-]{43}"));
        bad(app, "not json", 400);
        bad(app, "[1]", 400);
        bad(app, "{\"source\": \"drain\"}", 422);
        bad(app, "{\"lines\": -1}", 422);
        bad(app, "{\"lines\": \"many\"}", 422);
        bad(app, "{\"tail\": \"yes\"}", 422);
        bad(app, "{\"dyno\": \"web 1; rm\"}", 422);
        given().contentType("application/json").body("{}").post("/apps/{app}/log-sessions", app.name())
                .then().statusCode(401);
        given().header("Authorization", app.bearer()).contentType("application/json").body("{}")
                .post("/apps/{app}/log-sessions", "no-such-app").then().statusCode(404).body("id", equalTo("not_found"));
    }

    private static void bad(Platform.TestApp app, String body, int status) {
        given().header("Authorization", app.bearer()).contentType("application/json").body(body)
                .post("/apps/{app}/log-sessions", app.name()).then().statusCode(status)
                .body("id", equalTo(status == 400 ? "bad_request" : "invalid_params"));
    }

    private static Platform.TestApp readyApp() {
        Platform.TestApp app = platform.newApp();
        Platform.await(() -> given().header("Authorization", app.bearer()).get("/apps/{app}/dynos", app.name())
                .statusCode(), s -> s == 200);
        return app;
    }

    private static List<String> readAll(Platform.TestApp app, String body) {
        try {
            return LogStreams.readToEnd(LogStreams.session(app, body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void line(Platform.TestApp app, String source, String process, String message) {
        platform.publish(new LogLine(app.id(), Instant.now(), source, process, message));
    }

    private static long count(List<String> lines, String process) {
        return lines.stream().filter(l -> l.contains("[" + process + "]:")).count();
    }

    private static List<String> processes(List<String> lines) {
        return lines.stream().map(l -> l.substring(l.indexOf('[') + 1, l.indexOf("]:"))).distinct()
                .collect(Collectors.toList());
    }
}
