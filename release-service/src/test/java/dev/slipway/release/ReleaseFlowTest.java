package dev.slipway.release;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.FormationChanged;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.RuntimeLayer;
import dev.slipway.events.SlugBuilt;
import dev.slipway.kit.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: release-service, PostgreSQL and Kafka from devstack. Faked: config-service and
 * builder-service, whose events the test produces to Kafka itself.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "release"))
class ReleaseFlowTest {
    private static Platform platform;

    @Inject
    Db db;

    @BeforeAll
    static void connect() {
        platform = new Platform();
    }

    @AfterAll
    static void disconnect() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void deployConfigChangeRollbackAndRedelivery() {
        Platform.TestApp app = platform.newApp();
        // a config change before the first deploy is a release with nothing to run, as on Heroku
        platform.publish(new ConfigVarsChanged(app.id(), 1, Map.of("GREETING", "hi"), app.email()));
        JsonPath v1 = awaitReleases(app, 1);
        assertEquals("Set GREETING config vars", v1.getString("[0].description"));
        assertNull(v1.get("[0].slug"));
        assertEquals(false, v1.getBoolean("[0].eligible_for_rollback"));
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"release\": \"v1\"}")
                .post("/apps/{app}/releases", app.name())
                .then().statusCode(422).body("id", equalTo("invalid_params"))
                .body("message", containsString("no slug"));

        SlugBuilt slug = slug(app, "abcdef1234567890", Map.of("web", "node server.js", "worker", "node worker.js"));
        EventEnvelope slugEnvelope = platform.publish(slug);
        JsonPath v2 = awaitReleases(app, 2);
        assertEquals("Deploy abcdef1", v2.getString("[1].description"));
        assertEquals(true, v2.getBoolean("[1].current"));
        assertEquals(slug.slugId(), v2.getString("[1].slug.id"));
        assertEquals(app.email(), v2.getString("[1].user.email"));
        assertEquals(app.name(), v2.getString("[1].app.name"));

        given().header("Authorization", app.bearer()).get("/apps/{app}/formation", app.name())
                .then().statusCode(200)
                .body("type", contains("web", "worker"))
                .body("quantity", contains(1, 0))
                .body("size", contains("standard-1X", "standard-1X"))
                .body("[0].command", equalTo("node server.js"))
                .body("[0].app.id", equalTo(app.id().toString()));

        List<EventEnvelope> events = Platform.await(() -> platform.releaseEvents(app.id()), e -> e.size() >= 3);
        ReleaseCreated configOnly = assertInstanceOf(ReleaseCreated.class, events.get(0).payload());
        assertEquals(1, configOnly.version());
        assertNull(configOnly.slugId());
        assertEquals(1L, configOnly.configVersion());
        ReleaseCreated created = assertInstanceOf(ReleaseCreated.class, events.get(1).payload());
        assertEquals(2, created.version());
        assertEquals(Map.of("GREETING", "hi"), created.configVars());
        assertEquals(slug.pushId(), created.pushId());
        assertEquals(1L, created.configVersion());
        assertEquals(app.name(), created.appName());
        assertEquals(slug.layers(), created.layers());
        FormationChanged formation = assertInstanceOf(FormationChanged.class, events.get(2).payload());
        assertEquals(List.of(new FormationChanged.Process("web", 1, "standard-1X"),
                new FormationChanged.Process("worker", 0, "standard-1X")), formation.processes());

        platform.publish(new ConfigVarsChanged(app.id(), 2, Map.of("GREETING", "hello"), app.email()));
        JsonPath v3 = awaitReleases(app, 3);
        assertEquals("Set GREETING config vars", v3.getString("[2].description"));
        assertEquals(slug.slugId(), v3.getString("[2].slug.id"));
        assertEquals(app.ownerId().toString(), v3.getString("[2].user.id"));
        assertEquals(false, v3.getBoolean("[1].current"));

        // an older version overtaken by a newer one changes nothing; removal is described as such
        platform.publish(new ConfigVarsChanged(app.id(), 1, Map.of("GREETING", "hi"), app.email()));
        platform.publish(new ConfigVarsChanged(app.id(), 3, Map.of(), app.email()));
        JsonPath v4 = awaitReleases(app, 4);
        assertEquals("Remove GREETING config vars", v4.getString("[3].description"));

        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"release\": \"v2\"}")
                .post("/apps/{app}/releases", app.name())
                .then().statusCode(201)
                .body("version", equalTo(5))
                .body("description", equalTo("Rollback to v2"))
                .body("current", equalTo(true))
                .body("slug.id", equalTo(slug.slugId()));
        ReleaseCreated rollback = (ReleaseCreated) Platform.await(() -> platform.releaseEvents(app.id()),
                e -> e.stream().anyMatch(x -> x.payload() instanceof ReleaseCreated r && r.version() == 5))
                .stream().map(EventEnvelope::payload)
                .filter(p -> p instanceof ReleaseCreated r && r.version() == 5).findFirst().orElseThrow();
        assertEquals(Map.of("GREETING", "hi"), rollback.configVars());
        assertNull(rollback.pushId());
        assertEquals(2, rollback.rollbackOf());
        // the runtime layers are part of the slug: a rollback runs with the old slug's own
        assertEquals(slug.layers(), rollback.layers());
        // config-service takes the rolled-back vars as its own; its echo is no change to what runs
        platform.publish(new ConfigVarsChanged(app.id(), 4, Map.of("GREETING", "hi"), app.email()));

        // the same SlugBuilt again is a no-op; the next new slug (same partition, so after it) is v6
        platform.send(slugEnvelope);
        platform.publish(slug(app, "1234567fedcba", Map.of("web", "node server.js")));
        JsonPath v6 = awaitReleases(app, 6);
        assertEquals("Deploy 1234567", v6.getString("[5].description"));
        given().header("Authorization", app.bearer()).get("/apps/{app}/formation", app.name())
                .then().statusCode(200).body("type", contains("web")).body("quantity", contains(1));
    }

    @Test
    void releaseInfoPagingAndBadInput() {
        Platform.TestApp app = platform.newApp();
        awaitReleases(app, 0);
        given().header("Authorization", app.bearer()).get("/apps/{app}/releases/1", app.name())
                .then().statusCode(404).body("id", equalTo("not_found"));
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"release\": \"1\"}")
                .post("/apps/{app}/releases", app.name()).then().statusCode(404);

        for (int i = 0; i < 3; i++) {
            platform.publish(slug(app, "c0ffee" + i + "000000", Map.of("web", "./run")));
        }
        JsonPath all = awaitReleases(app, 3);
        String v2Id = all.getString("[1].id");

        given().header("Authorization", app.bearer()).header("Accept", "application/vnd.heroku+json; version=3")
                .get("/apps/{app}/releases/{id}", app.id(), v2Id)
                .then().statusCode(200).body("version", equalTo(2)).body("status", equalTo("succeeded"))
                .body("output_stream_url", nullValue()).body("addon_plan_names", hasSize(0));
        given().header("Authorization", app.bearer()).get("/apps/{app}/releases/v3", app.name())
                .then().statusCode(200).body("current", equalTo(true));
        given().header("Authorization", app.bearer()).get("/apps/{app}/releases/2/config-vars", app.name())
                .then().statusCode(200).body(equalTo("{}"));
        given().header("Authorization", app.bearer()).get("/apps/{app}/releases/9/config-vars", app.name())
                .then().statusCode(404).body("id", equalTo("not_found"));

        // what `heroku releases -n 2` sends, then following Next-Range as the CLI's client does
        releasesIn(app, "version ..; max=2, order=desc").statusCode(206)
                .header("Next-Range", "version ]2..; max=2, order=desc")
                .header("Content-Range", "version 3..2").header("Accept-Ranges", "version, id")
                .body("version", contains(3, 2)).body("current", contains(true, false));
        releasesIn(app, "version ]2..; max=2, order=desc").statusCode(200).body("version", contains(1));
        releasesIn(app, "version ..; order=desc,max=1").statusCode(206)
                .header("Next-Range", "version ]3..; max=1, order=desc").body("version", contains(3));
        releasesIn(app, "version ..; max=2").statusCode(206).header("Next-Range", "version ]2..; max=2")
                .body("version", contains(1, 2));
        releasesIn(app, "version ]2..; max=2").statusCode(200).body("version", contains(3));
        releasesIn(app, "version 2..; max=200").statusCode(200).body("version", contains(2, 3));
        releasesIn(app, "version 1..2; order=desc").statusCode(200).body("version", hasSize(0));
        releasesIn(app, "version 2..1; order=desc").statusCode(200).body("version", contains(2, 1));
        releasesIn(app, "id ..; max=1000;").statusCode(200)
                .body("id", equalTo(all.getList("id").stream().sorted().toList()));

        // the kit's answers, as every Slipway list gives them: malformed is 400, unservable 416
        releasesIn(app, "version").statusCode(400).body("id", equalTo("bad_request"));
        releasesIn(app, "version a..").statusCode(400).body("id", equalTo("bad_request"));
        releasesIn(app, "version ..; order=up").statusCode(400).body("id", equalTo("bad_request"));
        releasesIn(app, "name ..; max=2").statusCode(416).body("id", equalTo("requested_range_not_satisfiable"));
        releasesIn(app, "version ..; max=5000").statusCode(416).body("id", equalTo("requested_range_not_satisfiable"));

        given().header("Authorization", app.bearer()).contentType("application/json").body("{}")
                .post("/apps/{app}/releases", app.name()).then().statusCode(422).body("id", equalTo("invalid_params"));
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"release\": \"v99\"}")
                .post("/apps/{app}/releases", app.name()).then().statusCode(404);
        given().header("Authorization", app.bearer()).contentType("application/json").body("{\"release\": ")
                .post("/apps/{app}/releases", app.name()).then().statusCode(400);

        given().get("/apps/{app}/releases", app.name()).then().statusCode(401).body("id", equalTo("unauthorized"));
        Platform.TestApp stranger = platform.newApp();
        awaitReleases(stranger, 0);
        given().header("Authorization", stranger.bearer()).get("/apps/{app}/releases", app.name())
                .then().statusCode(403);
        given().header("Authorization", app.bearer()).get("/apps/{app}/releases", "no-such-app")
                .then().statusCode(404);
    }

    @Test
    void concurrentRollbacksGetOneVersionEach() throws Exception {
        Platform.TestApp app = platform.newApp();
        awaitReleases(app, 0);
        platform.publish(slug(app, "0ddba11000", Map.of("web", "./run")));
        awaitReleases(app, 1);
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                versions.add(pool.submit(() -> given().header("Authorization", app.bearer())
                        .contentType("application/json").body("{\"release\": 1}")
                        .post("/apps/{app}/releases", app.name())
                        .then().statusCode(201).extract().path("version")));
            }
            Set<Integer> seen = new TreeSet<>();
            for (Future<Integer> v : versions) {
                seen.add(v.get());
            }
            assertEquals(Set.of(2, 3, 4, 5, 6, 7), seen);
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), awaitReleases(app, 7).getList("version", Integer.class));
    }

    @Test
    void anAddonsConfigChangeIsReleasedWithItsOwnDescription() {
        Platform.TestApp app = platform.newApp();
        platform.publish(slug(app, "addon00000", Map.of("web", "./run")));
        awaitReleases(app, 1);
        String url = "postgres://d1:secret@10.214.0.2:5432/d1";
        platform.publish(new ConfigVarsChanged(app.id(), 1, Map.of("DATABASE_URL", url), null,
                "Attach DATABASE (postgresql-shaped-12345)"));
        JsonPath attached = awaitReleases(app, 2);
        assertEquals("Attach DATABASE (postgresql-shaped-12345)", attached.getString("[1].description"));
        assertEquals("sha256-addon00000", attached.getString("[1].slug.id"));
        platform.publish(new ConfigVarsChanged(app.id(), 2, Map.of(), null, "Detach DATABASE (postgresql-shaped-12345)"));
        assertEquals("Detach DATABASE (postgresql-shaped-12345)", awaitReleases(app, 3).getString("[2].description"));
    }

    @Test
    void deletedAppForgetsEverythingAndStaysDeleted() {
        Platform.TestApp app = platform.newApp();
        awaitReleases(app, 0);
        platform.publish(slug(app, "dead000000", Map.of("web", "./run")));
        awaitReleases(app, 1);
        platform.publish(new AppDeleted(app.id(), app.name()));
        Platform.await(() -> given().header("Authorization", app.bearer()).get("/apps/{app}/releases", app.id())
                .statusCode(), status -> status == 404);
        // a slug that was still building when the app went away must not bring it back
        EventEnvelope late = platform.publish(slug(app, "dead000001", Map.of("web", "./run")));
        Platform.await(() -> count("SELECT count(*) FROM kit_processed_event WHERE event_id = ?", late.eventId()),
                n -> n == 1);
        assertEquals(0, count("SELECT count(*) FROM release WHERE app_id = ?", app.id()));
        assertEquals(0, count("SELECT count(*) FROM formation WHERE app_id = ?", app.id()));
    }

    private long count(String sql, UUID param) {
        return db.read(c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setObject(1, param);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static SlugBuilt slug(Platform.TestApp app, String commit, Map<String, String> processTypes) {
        String layer = "layer-of-" + commit;
        return new SlugBuilt(app.id(), UUID.randomUUID(), UUID.randomUUID(), "sha256-" + commit,
                "http://builder/internal/slugs/" + commit, 1234, processTypes, "heroku/nodejs", commit,
                List.of(new RuntimeLayer(layer, "http://builder/internal/layers/" + layer, "/app/.heroku/node")));
    }

    /** Waits until the app is known and has exactly this many releases, and returns the list. */
    static JsonPath awaitReleases(Platform.TestApp app, int count) {
        return Platform.await(() -> {
            var response = given().header("Authorization", app.bearer()).get("/apps/{app}/releases", app.name());
            return response.statusCode() == 200 ? response.jsonPath() : null;
        }, json -> json != null && json.getList("$").size() == count);
    }

    /** {@code GET /apps/{app}/releases} with a {@code Range} header, ready for assertions. */
    private static ValidatableResponse releasesIn(Platform.TestApp app, String range) {
        return given().header("Authorization", app.bearer()).header("Range", range)
                .get("/apps/{app}/releases", app.name()).then();
    }
}
