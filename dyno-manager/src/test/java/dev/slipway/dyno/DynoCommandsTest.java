package dev.slipway.dyno;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.FormationChanged;
import dev.slipway.events.ReleaseCreated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the heroku CLI's ps, ps:restart, ps:stop and run:detached call, and what its ps:resize
 * sets off (release-service's FormationChanged with a new size, played by the test). Real: dyno-manager,
 * PostgreSQL and Kafka from devstack, the dynos (bash processes), the log streams over HTTP.
 * Faked: release-service's and config-service's events (produced by the test) and the builder's
 * slug download (a tiny HTTP server in the test).
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "dyno"))
class DynoCommandsTest extends PlatformFixture {
    @Test
    void listsRestartsStopsAndResizesByProcessType() throws Exception {
        Platform.TestApp app = platform.newApp();
        String slug = slugs.add(Map.of("Procfile", "worker: sleep 600\n"));
        release(app, 3, slug, Map.of("worker", "sleep 600", "clock", "sleep 601"));
        platform.publish(new FormationChanged(app.id(), List.of(new FormationChanged.Process("worker", 2, "basic"),
                new FormationChanged.Process("clock", 1, "standard-1X"))));
        JsonPath dynos = awaitDynos(app, l -> l.getList("state").size() == 3
                && l.getList("state").stream().allMatch("up"::equals));
        assertTrue(dynos.getList("name").containsAll(List.of("worker.1", "worker.2", "clock.1")));
        given().header("Authorization", app.bearer()).get("/apps/{app}/dynos/worker.2", app.name()).then()
                .statusCode(200).body("type", equalTo("worker")).body("size", equalTo("Basic"))
                .body("command", equalTo("sleep 600")).body("release.version", equalTo(3))
                .body("updated_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z")).body("created_at", notNullValue());

        // ps:restart --process-type worker: both workers get new processes, clock is left alone
        String clockUpdated = dynos.getString("find { it.name == 'clock.1' }.updated_at");
        given().header("Authorization", app.bearer()).delete("/apps/{app}/formations/worker", app.name()).then()
                .statusCode(202);
        String path = LogStreams.session(app, "{\"dyno\": \"worker\", \"lines\": 1500}");
        Platform.await(() -> LogStreams.data(readAll(path)), l -> l.stream()
                .filter(s -> s.contains("State changed from down to starting")).count() == 2);
        JsonPath after = awaitDynos(app, l -> l.getList("state").stream().allMatch("up"::equals)
                && l.getList("state").size() == 3);
        assertTrue(after.getString("find { it.name == 'clock.1' }.updated_at").equals(clockUpdated));

        // ps:stop --process-type clock: stopped, and the formation (which still wants one) starts it again
        given().header("Authorization", app.bearer()).post("/apps/{app}/formations/clock/actions/stop", app.name())
                .then().statusCode(202);
        Platform.await(() -> LogStreams.data(readAll(LogStreams.session(app, "{\"dyno\": \"clock.1\"}"))),
                l -> l.stream().anyMatch(s -> s.endsWith("heroku[clock.1]: State changed from up to down"))
                        && l.getLast().endsWith("State changed from starting to up"));

        // heroku ps:resize worker=standard-2X: release-service announces the formation with only the
        // size changed; both workers are replaced by dynos of the new size, clock is left alone
        List<String> oldWorkers = workers(awaitDynos(app, l -> true)).stream().map(d -> (String) d.get("id")).toList();
        platform.publish(new FormationChanged(app.id(), List.of(new FormationChanged.Process("worker", 2, "standard-2X"),
                new FormationChanged.Process("clock", 1, "standard-1X"))));
        JsonPath resized = awaitDynos(app, l -> l.getList("name").size() == 3 && workers(l).stream().allMatch(
                d -> "Standard-2X".equals(d.get("size")) && "up".equals(d.get("state"))));
        assertTrue(workers(resized).stream().noneMatch(d -> oldWorkers.contains(d.get("id"))), "new dynos, new limits");
        assertTrue(resized.getString("find { it.name == 'clock.1' }.size").equals("Standard-1X"));

        given().header("Authorization", app.bearer()).delete("/apps/{app}/formations/web", app.name()).then()
                .statusCode(404).body("id", equalTo("not_found"));
        given().header("Authorization", app.bearer()).post("/apps/{app}/formations/web/actions/stop", app.name())
                .then().statusCode(404).body("id", equalTo("not_found"));
        given().header("Authorization", app.bearer()).post("/apps/{app}/dynos/web.1/actions/stop", app.name())
                .then().statusCode(404).body("id", equalTo("not_found"));
        platform.publish(new FormationChanged(app.id(), List.of()));
        awaitDynos(app, l -> l.getList("name").isEmpty());
    }

    @Test
    void aOneOffDynoRunsItsCommandIntoTheLogsAndEnds() throws Exception {
        Platform.TestApp app = platform.newApp();
        String slug = slugs.add(Map.of("bin/hello", "echo \"hello from $DYNO of $HEROKU_APP_NAME $HEROKU_RELEASE_VERSION\"\n"));
        release(app, 7, slug, Map.of("web", "node server.js"));
        Platform.await(() -> given().header("Authorization", app.bearer()).contentType("application/json")
                .body("{\"command\": \"bash bin/hello; sleep 2; echo port=${PORT:+set}; exit 3\", \"attach\": false, "
                        + "\"env\": {\"TERM\": \"xterm\"}}")
                .post("/apps/{app}/dynos", app.name()).statusCode(), s -> s == 201);
        // the first run may have raced the release: find the dyno by listing (ps shows it while it runs)
        JsonPath running = awaitDynos(app, l -> l.getList("type").contains("run"));
        String name = running.getString("find { it.type == 'run' }.name");
        assertTrue(name.matches("run\\.\\d{4}"), name);
        given().header("Authorization", app.bearer()).get("/apps/{app}/dynos", app.name()).then()
                .body("command", hasItem(equalTo("bash bin/hello; sleep 2; echo port=${PORT:+set}; exit 3")));

        List<String> lines = Platform.await(() -> LogStreams.data(readAll(
                LogStreams.session(app, "{\"dyno\": \"" + name + "\"}"))),
                l -> l.stream().anyMatch(s -> s.endsWith("State changed from up to complete")));
        String log = String.join("\n", lines);
        assertTrue(log.contains("heroku[" + name + "]: Starting process with command `bash bin/hello;"), log);
        assertTrue(log.contains("app[" + name + "]: hello from " + name + " of " + app.name() + " v7"), log);
        assertTrue(log.indexOf("app[" + name + "]: port=set") < log.indexOf("Process exited with status 3"), log);
        awaitDynos(app, l -> !l.getList("type").contains("run"));
    }

    @Test
    void refusesBadRuns() {
        Platform.TestApp app = platform.newApp();
        Platform.await(() -> given().header("Authorization", app.bearer()).get("/apps/{app}/dynos", app.name())
                .statusCode(), s -> s == 200);
        given().header("Authorization", app.bearer()).contentType("application/json")
                .body("{\"command\": \"ls\", \"attach\": false}").post("/apps/{app}/dynos", app.name()).then()
                .statusCode(422).body("id", equalTo("invalid_params"));
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"attach\": false}")
                .post("/apps/{app}/dynos", app.name()).then().statusCode(422).body("id", equalTo("invalid_params"));
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"command\": ")
                .post("/apps/{app}/dynos", app.name()).then().statusCode(400).body("id", equalTo("bad_request"));
        given().header("Authorization", app.bearer()).contentType("application/json")
                .body("{\"command\": \"ls\", \"size\": \"huge\"}").post("/apps/{app}/dynos", app.name()).then()
                .statusCode(422).body("id", equalTo("invalid_params"))
                .body("message", equalTo("size must be one of: eco, basic, standard-1X, standard-2X, performance-M, "
                        + "performance-L."));
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"command\": \"ls\"}")
                .post("/apps/{app}/dynos", "no-such-app").then().statusCode(404).body("id", equalTo("not_found"));
    }

    private static List<Map<String, Object>> workers(JsonPath dynos) {
        List<Map<String, Object>> all = dynos.getList("$");
        return all.stream().filter(d -> "worker".equals(d.get("type"))).toList();
    }

    private void release(Platform.TestApp app, int version, String slug, Map<String, String> types) {
        platform.publish(new ReleaseCreated(app.id(), app.name(), UUID.randomUUID(), version, slug, slugs.url(slug),
                types, Map.of(), "Deploy", "abc123", null, Instant.now()));
    }

    private static JsonPath awaitDynos(Platform.TestApp app, java.util.function.Predicate<JsonPath> done) {
        String body = Platform.await(() -> given().header("Authorization", app.bearer())
                .get("/apps/{app}/dynos", app.name()).then().statusCode(200).extract().asString(),
                b -> done.test(JsonPath.from(b)));
        return JsonPath.from(body);
    }

    private static List<String> readAll(String path) {
        try {
            return LogStreams.readToEnd(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
