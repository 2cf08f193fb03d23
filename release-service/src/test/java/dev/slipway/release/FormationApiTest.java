package dev.slipway.release;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.FormationChanged;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: release-service, PostgreSQL and Kafka from devstack. Faked: config-service and
 * builder-service, whose events the test produces to Kafka itself.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "release"))
class FormationApiTest {
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
    void scalingOneTypeAndInBatches() {
        Platform.TestApp app = deployed();
        patch(app, "/web", "{\"quantity\": 2}").statusCode(200)
                .body("type", equalTo("web")).body("quantity", equalTo(2)).body("size", equalTo("standard-1X"))
                .body("command", equalTo("./web"));
        // the heroku CLI sends quantities as strings, relative ones with a sign, sizes in any case
        patch(app, "/worker", "{\"quantity\": \"+1\", \"size\": \"STANDARD-2x\"}").statusCode(200)
                .body("quantity", equalTo(1)).body("size", equalTo("standard-2X"));
        patch(app, "", "{\"updates\": [{\"type\": \"web\", \"quantity\": \"3\"}, {\"type\": \"worker\", \"quantity\": 0}]}")
                .statusCode(200).body("type", contains("web", "worker")).body("quantity", contains(3, 0));
        given().header("Authorization", app.bearer()).get("/apps/{app}/formation/web", app.name())
                .then().statusCode(200).body("quantity", equalTo(3)).body("dyno_size.name", equalTo("standard-1X"));

        List<EventEnvelope> events = Platform.await(() -> platform.releaseEvents(app.id()), e -> e.size() >= 5);
        assertEquals(List.of(new FormationChanged.Process("web", 3, "standard-1X"),
                        new FormationChanged.Process("worker", 0, "standard-2X")),
                ((FormationChanged) events.get(4).payload()).processes());

        // no effective change publishes nothing
        patch(app, "/web", "{\"quantity\": 3}").statusCode(200);
        patch(app, "/web", "{\"quantity\": 1}").statusCode(200);
        List<EventEnvelope> after = Platform.await(() -> platform.releaseEvents(app.id()), e -> e.size() >= 6);
        assertEquals(6, after.size());
        assertEquals(1, ((FormationChanged) after.get(5).payload()).processes().get(0).quantity());
    }

    @Test
    void badInputChangesNothing() {
        Platform.TestApp app = deployed();
        patch(app, "/clock", "{\"quantity\": 1}").statusCode(404).body("id", equalTo("not_found"))
                .body("message", equalTo("Couldn't find that process type (clock)."));
        given().header("Authorization", app.bearer()).get("/apps/{app}/formation/clock", app.name())
                .then().statusCode(404);
        for (String body : List.of("{\"quantity\": 101}", "{\"quantity\": -1}", "{\"quantity\": 2.5}",
                "{\"quantity\": \"two\"}", "{\"quantity\": true}", "{\"size\": \"huge\"}", "{\"size\": 2}", "{}",
                "{\"quantity\": 2, \"size\": \"eco\"}", "{\"quantity\": \"-5\"}")) {
            patch(app, "/web", body).statusCode(422).body("id", equalTo("invalid_params"));
        }
        for (String body : List.of("{\"updates\": []}", "{}", "{\"updates\": [{\"quantity\": 1}]}",
                "{\"updates\": [{\"type\": \"web\", \"quantity\": 5}, {\"type\": \"worker\", \"quantity\": 500}]}")) {
            patch(app, "", body).statusCode(422).body("id", equalTo("invalid_params"));
        }
        patch(app, "", "{\"updates\": [{\"type\": \"web\", \"quantity\": 5}, {\"type\": \"clock\", \"quantity\": 1}]}")
                .statusCode(404);
        patch(app, "", "{\"updates\": ").statusCode(400);
        given().header("Authorization", app.bearer()).get("/apps/{app}/formation", app.name())
                .then().statusCode(200).body("quantity", contains(1, 0));
        given().contentType("application/json").body("{\"quantity\": 1}")
                .patch("/apps/{app}/formation/web", app.name()).then().statusCode(401);
    }

    private static Platform.TestApp deployed() {
        Platform.TestApp app = platform.newApp();
        ReleaseFlowTest.awaitReleases(app, 0);
        platform.publish(ReleaseFlowTest.slug(app, "feedbeef00", Map.of("web", "./web", "worker", "./worker")));
        ReleaseFlowTest.awaitReleases(app, 1);
        return app;
    }

    private static io.restassured.response.ValidatableResponse patch(Platform.TestApp app, String path, String body) {
        return given().header("Authorization", app.bearer()).contentType("application/json").body(body)
                .patch("/apps/{app}/formation" + path, app.name()).then();
    }
}
