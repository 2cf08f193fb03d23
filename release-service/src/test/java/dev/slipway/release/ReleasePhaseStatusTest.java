package dev.slipway.release;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Release status and output_stream_url. Real: release-service, PostgreSQL and Kafka from devstack.
 * Faked: builder-service and dyno-manager, whose events (SlugBuilt, ReleasePhaseOutput,
 * ReleasePhaseFinished) the test produces to Kafka itself.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "release"))
class ReleasePhaseStatusTest {
    private static Platform platform;

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
    void aReleaseWithAReleaseCommandIsPendingUntilItsPhaseEnds() {
        Platform.TestApp app = platform.newApp();
        platform.publish(ReleaseFlowTest.slug(app, "1111111aaaa", Map.of("web", "node server.js", "release", "node migrate.js")));
        JsonPath v1 = ReleaseFlowTest.awaitReleases(app, 1);
        assertEquals("pending", v1.getString("[0].status"));
        assertEquals(false, v1.getBoolean("[0].current"));
        String url = v1.getString("[0].output_stream_url");
        assertTrue(url.startsWith("http://localhost:8080/release-outputs/"), url);
        ReleaseCreated created = (ReleaseCreated) platform.releaseEvents(app.id()).stream()
                .map(e -> e.payload()).filter(ReleaseCreated.class::isInstance).findFirst().orElseThrow();
        assertTrue(created.pending());
        // the release command is no process type to scale
        given().header("Authorization", app.bearer()).get("/apps/{app}/formation", app.name()).then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].type", equalTo("web"));

        UUID releaseId = UUID.fromString(v1.getString("[0].id"));
        ReleasePhaseOutput lines = new ReleasePhaseOutput(app.id(), releaseId, 1, 0, List.of("Migrating...", "done"));
        platform.publish(lines);
        platform.publish(lines); // another delivery of the same lines stores nothing twice
        platform.publish(new ReleasePhaseOutput(app.id(), releaseId, 1, 2, List.of("bye")));
        platform.publish(new ReleasePhaseFinished(app.id(), releaseId, 1, "succeeded", 0, null));
        awaitStatus(app, 1, "succeeded");
        assertEquals(true, release(app, 1).getBoolean("current"));
        String path = URI.create(url).getRawPath();
        // no key: the token is the capability, as the heroku CLI fetches it
        assertEquals("Migrating...\ndone\nbye\n", given().get(path).then().statusCode(200).extract().asString());

        platform.publish(ReleaseFlowTest.slug(app, "2222222bbbb", Map.of("web", "node server.js", "release", "exit 1")));
        ReleaseFlowTest.awaitReleases(app, 2);
        UUID v2 = UUID.fromString(release(app, 2).getString("id"));
        platform.publish(new ReleasePhaseFinished(app.id(), v2, 2, "failed", 1, "the release command exited with status 1"));
        awaitStatus(app, 2, "failed");
        // a later, contrary end changes nothing: the status is settled once
        platform.publish(new ReleasePhaseFinished(app.id(), v2, 2, "succeeded", 0, null));
        // behind it on the same topic and partition: once this line is stored, the end above was handled
        platform.publish(new ReleasePhaseOutput(app.id(), v2, 2, 0, List.of("marker")));
        String v2Output = URI.create(release(app, 2).getString("output_stream_url")).getRawPath();
        Platform.await(() -> given().get(v2Output).then().extract().asString(), body -> body.contains("marker"));
        assertEquals("failed", release(app, 2).getString("status"));
        platform.publish(ReleaseFlowTest.slug(app, "3333333cccc", Map.of("web", "node server.js")));
        ReleaseFlowTest.awaitReleases(app, 3);
        assertEquals(false, release(app, 2).getBoolean("current"));

        // no release command: live at once, nothing to stream
        JsonPath v3 = release(app, 3);
        assertEquals("succeeded", v3.getString("status"));
        assertEquals(true, v3.getBoolean("current"));
        assertNull(v3.get("output_stream_url"));

        given().get("/release-outputs/not-a-token").then().statusCode(404).body("id", equalTo("not_found"));
    }

    private static JsonPath release(Platform.TestApp app, int version) {
        return given().header("Authorization", app.bearer()).get("/apps/{app}/releases/{v}", app.name(), version)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void awaitStatus(Platform.TestApp app, int version, String status) {
        Platform.await(() -> release(app, version).getString("status"), status::equals);
    }
}
