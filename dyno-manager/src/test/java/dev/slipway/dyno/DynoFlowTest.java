package dev.slipway.dyno;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.FormationChanged;
import dev.slipway.events.LogLine;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.Topics;
import dev.slipway.kit.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Real: dyno-manager, PostgreSQL and Kafka from devstack, and the dynos themselves (node and
 * bash processes on this machine). Faked: release-service and config-service, whose events the
 * test produces to Kafka, and builder-service's slug download (a tiny HTTP server in the test).
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "dyno"))
class DynoFlowTest extends PlatformFixture {
    private static final String SERVER_JS = """
            const http = require('http');
            http.createServer((req, res) => {
              res.end(JSON.stringify({dyno: process.env.DYNO, greeting: process.env.GREETING,
                profile: process.env.PROFILE_RAN || null, home: process.env.HOME,
                leaked: process.env.QUARKUS_DATASOURCE_PASSWORD || process.env.KAFKA_BOOTSTRAP_SERVERS || null}));
            }).listen(process.env.PORT);
            """;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Db db;

    record Row(String name, String state, String host, Integer port, Long pid, int version, int restarts) {}

    @Test
    void runsScalesRestartsAndRedeploysWebDynos() throws Exception {
        Platform.TestApp app = platform.newApp();
        String slug = slugs.add(Map.of("server.js", SERVER_JS, ".profile.d/test.sh", "export PROFILE_RAN=yes\n"));
        release(app, 1, slug, Map.of("web", "node server.js"), Map.of("GREETING", "hello"));
        scale(app, 1);

        List<Row> rows = awaitRows(app, 1, 1);
        Row web1 = rows.getFirst();
        assertEquals("web.1", web1.name());
        given().header("Authorization", app.bearer()).get("/apps/{app}/dynos", app.name()).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].name", equalTo("web.1")).body("[0].state", equalTo("up"))
                .body("[0].type", equalTo("web")).body("[0].command", equalTo("node server.js"))
                .body("[0].release.version", equalTo(1)).body("[0].app.name", equalTo(app.name()))
                .body("[0].attach_url", nullValue());
        String body = get(web1);
        assertTrue(body.contains("\"dyno\":\"web.1\""), body);
        assertTrue(body.contains("\"greeting\":\"hello\""), body);
        assertTrue(body.contains("\"profile\":\"yes\""), body);
        assertTrue(body.contains("\"leaked\":null"), "the platform's env must not reach a dyno: " + body);
        List<DynoStateChanged> changes = Platform.await(() -> stateChanges(app), l -> l.stream()
                .anyMatch(c -> c.state().equals("up") && c.name().equals("web.1") && c.port() == web1.port() && c.host().equals(web1.host())));
        // the router connects where the dyno listens: its sandbox's own address
        assertEquals(web1.host(), changes.getLast().host());

        scale(app, 2);
        rows = awaitRows(app, 2, 1);
        assertTrue(get(rows.get(1)).contains("\"dyno\":\"web.2\""));

        // kill -9: crashed, then restarted at once (first crash)
        ProcessHandle.of(web1.pid()).orElseThrow().destroyForcibly();
        Row restarted = Platform.await(() -> row(app, "web.1"),
                r -> r != null && r.restarts() == 1 && r.state().equals("up"));
        Platform.await(() -> stateChanges(app), l -> l.stream()
                .anyMatch(c -> c.state().equals("crashed") && c.name().equals("web.1")));
        Platform.await(() -> logs(app), l -> l.contains("Process exited with status 137")
                && l.contains("State changed from up to crashed") && l.contains("State changed from starting to up"));

        // a config change is a new release: every dyno is replaced and sees the new config
        release(app, 2, slug, Map.of("web", "node server.js"), Map.of("GREETING", "bye"));
        rows = awaitRows(app, 2, 2);
        for (Row r : rows) {
            assertTrue(get(r).contains("\"greeting\":\"bye\""));
        }
        assertFalse(ProcessHandle.of(restarted.pid()).map(ProcessHandle::isAlive).orElse(false),
                "the old release's dyno is stopped once its successor is up");

        given().header("Authorization", app.bearer()).get("/apps/{app}/dynos/web.2", app.name()).then()
                .statusCode(200).body("name", equalTo("web.2")).body("release.version", equalTo(2));

        // a one-off dyno runs once with the current release and is gone when it exits
        String run = given().header("Authorization", app.bearer()).contentType("application/json")
                .body("{\"command\": \"echo $GREETING from $DYNO\", \"attach\": false}")
                .post("/apps/{app}/dynos", app.name()).then().statusCode(201)
                .body("name", startsWith("run.")).body("type", equalTo("run")).body("release.version", equalTo(2))
                .extract().path("name");
        Platform.await(() -> row(app, run), r -> r == null);

        // restart one: the same dyno comes back up
        Row before = row(app, "web.2");
        given().header("Authorization", app.bearer()).delete("/apps/{app}/dynos/web.2", app.name()).then()
                .statusCode(202);
        Platform.await(() -> row(app, "web.2"), r -> r != null && r.state().equals("up") && !r.pid().equals(before.pid()));

        // ps:stop: the formation still wants web.1, so it comes back (as on Heroku)
        Row running = row(app, "web.1");
        given().header("Authorization", app.bearer()).post("/apps/{app}/dynos/web.1/actions/stop", app.name())
                .then().statusCode(202);
        Platform.await(() -> row(app, "web.1"), r -> r != null && r.state().equals("up") && !r.pid().equals(running.pid()));
        Platform.await(() -> logs(app), l -> l.contains("heroku[web.1]: Stopping all processes with SIGTERM"));

        // restart all
        List<Row> beforeAll = rows(app);
        given().header("Authorization", app.bearer()).delete("/apps/{app}/dynos", app.name()).then().statusCode(202);
        Platform.await(() -> rows(app), l -> l.size() == 2 && l.stream().allMatch(r -> r.state().equals("up")
                && beforeAll.stream().noneMatch(b -> b.pid().equals(r.pid()))));

        scale(app, 0);
        Platform.await(() -> rows(app), List::isEmpty);
        assertFalse(ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aWebDynoThatNeverBindsIsKilledWithR10() throws Exception {
        Platform.TestApp app = platform.newApp();
        String slug = slugs.add(Map.of("README", "nothing listens here\n"));
        release(app, 1, slug, Map.of("web", "sleep 600"), Map.of());
        scale(app, 1);
        Platform.await(() -> stateChanges(app), l -> l.stream().anyMatch(c -> c.state().equals("crashed")));
        Platform.await(() -> logs(app), l -> l.contains(
                "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 4 seconds of launch"));
        scale(app, 0);
        Platform.await(() -> rows(app), List::isEmpty);
    }

    @Test
    void refusesBadRequests() throws Exception {
        Platform.TestApp app = platform.newApp();
        Platform.await(() -> given().header("Authorization", app.bearer()).get("/apps/{app}/dynos", app.name())
                .statusCode(), s -> s == 200);
        given().get("/apps/{app}/dynos", app.name()).then().statusCode(401).body("id", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/apps/{app}/dynos", app.name()).then().statusCode(401);
        given().header("Authorization", app.bearer()).get("/apps/{app}/dynos/web.9", app.name()).then()
                .statusCode(404).body("id", equalTo("not_found"));
        given().header("Authorization", app.bearer()).delete("/apps/{app}/dynos/worker", app.name()).then()
                .statusCode(404).body("id", equalTo("not_found"));
        given().header("Authorization", app.bearer()).post("/apps/{app}/dynos/web.1/actions/stop", app.name()).then()
                .statusCode(404);
        given().header("Authorization", app.bearer()).get("/apps/{app}/dynos", "no-such-app").then().statusCode(404);
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"command\": \"ls\"}")
                .post("/apps/{app}/dynos", app.name()).then().statusCode(422).body("id", equalTo("invalid_params"));
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"attach\": false}")
                .post("/apps/{app}/dynos", app.name()).then().statusCode(422);
        given().header("Authorization", app.bearer()).contentType("application/json").body("not json")
                .post("/apps/{app}/dynos", app.name()).then().statusCode(400);
        given().header("Authorization", app.bearer()).contentType("application/json")
                .body("{\"command\": \"ls\", \"attach\": true}")
                .post("/apps/{app}/dynos", app.name()).then().statusCode(422);
    }

    private void release(Platform.TestApp app, int version, String slug, Map<String, String> types,
                         Map<String, String> config) {
        platform.publish(new ReleaseCreated(app.id(), app.name(), UUID.randomUUID(), version, slug, slugs.url(slug),
                types, config, "Deploy", "abc123", null, Instant.now()));
    }

    private void scale(Platform.TestApp app, int web) {
        platform.publish(new FormationChanged(app.id(), List.of(new FormationChanged.Process("web", web, "standard-1X"))));
    }

    /** Waits until exactly {@code count} dynos run release {@code version}, all up. */
    private List<Row> awaitRows(Platform.TestApp app, int count, int version) {
        return Platform.await(() -> rows(app), l -> l.size() == count
                && l.stream().allMatch(r -> r.state().equals("up") && r.version() == version));
    }

    private Row row(Platform.TestApp app, String name) {
        return rows(app).stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private List<Row> rows(Platform.TestApp app) {
        return db.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT name, state, host, port, pid, release_version, restarts FROM dyno WHERE app_id = ? ORDER BY name")) {
                q.setObject(1, app.id());
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                                (Long) rs.getObject(5), rs.getInt(6), rs.getInt(7)));
                    }
                }
                return out;
            }
        });
    }

    private List<DynoStateChanged> stateChanges(Platform.TestApp app) {
        return platform.events(Topics.DYNOS, app.id()).stream()
                .filter(DynoStateChanged.class::isInstance).map(DynoStateChanged.class::cast).toList();
    }

    private String logs(Platform.TestApp app) {
        StringBuilder out = new StringBuilder();
        platform.events(Topics.LOGS, app.id()).stream().filter(LogLine.class::isInstance).map(LogLine.class::cast)
                .forEach(l -> out.append(l.source()).append('[').append(l.process()).append("]: ")
                        .append(l.message()).append('\n'));
        return out.toString();
    }

    /** The dyno's own address: in a sandbox, its address in the dynos' subnet. */
    private static String get(Row dyno) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + dyno.host() + ":"
                        + dyno.port() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
