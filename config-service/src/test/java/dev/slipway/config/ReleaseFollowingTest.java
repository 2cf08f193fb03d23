package dev.slipway.config;

import static dev.slipway.config.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.ReleaseCreated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * config-service following release-service's releases. Real: the HTTP API, PostgreSQL, Kafka.
 * Faked: release-service, whose ReleaseCreated events the test publishes itself.
 */
@QuarkusTest
@TestProfile(ReleaseFollowingTest.WaitForReleases.class)
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class ReleaseFollowingTest {
    private static TestEvents events;

    public static class WaitForReleases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slipway.config.release-wait", "20s");
        }
    }

    @BeforeAll
    static void connect() {
        ConfigTopic.start();
        events = new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void aConfigChangeAnswersOnceItsReleaseExists() throws Exception {
        String name = Api.uniqueName("wait");
        UUID appId = UUID.fromString(Api.createApp(Api.ADMIN_KEY, name));
        String path = "/apps/" + name + "/config-vars";

        CompletableFuture<Integer> patch = CompletableFuture.supplyAsync(
                () -> admin().body(Map.of("A", "1")).patch(path).then().extract().statusCode());
        ConfigVarsChanged change = ConfigTopic.await(ConfigVarsChanged.class, e -> e.appId().equals(appId), 1).getFirst();
        Thread.sleep(300);
        assertTrue(!patch.isDone(), "the PATCH waits for its release");
        long released = System.nanoTime();
        events.publish(release(appId, name, 1, change.vars(), change.version(), null));
        assertEquals(200, patch.get(10, TimeUnit.SECONDS));
        long answeredMs = (System.nanoTime() - released) / 1_000_000;
        assertTrue(answeredMs < 2_000, "answered " + answeredMs + " ms after the release");

        // no change, no release to wait for: the answer is immediate
        long start = System.nanoTime();
        admin().body(Map.of("A", "1")).patch(path).then().statusCode(200);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, "an unchanged PATCH does not wait");
    }

    @Test
    void aRollbackBringsItsConfigVarsBack() {
        String name = Api.uniqueName("rollback");
        UUID appId = UUID.fromString(Api.createApp(Api.ADMIN_KEY, name));
        String path = "/apps/" + name + "/config-vars";
        CompletableFuture<Integer> patch = CompletableFuture.supplyAsync(
                () -> admin().body(Map.of("A", "new", "B", "2")).patch(path).then().extract().statusCode());
        ConfigVarsChanged change = ConfigTopic.await(ConfigVarsChanged.class, e -> e.appId().equals(appId), 1).getFirst();
        events.publish(release(appId, name, 3, change.vars(), change.version(), null));
        assertEquals(200, patch.join());

        events.publish(release(appId, name, 4, Map.of("A", "old"), null, 2));
        List<ConfigVarsChanged> changes = ConfigTopic.await(ConfigVarsChanged.class,
                e -> e.appId().equals(appId) && e.vars().equals(Map.of("A", "old")), 1);
        assertEquals(2, changes.getFirst().version());
        admin().get(path).then().statusCode(200).body(equalTo("{\"A\":\"old\"}"));
    }

    private static ReleaseCreated release(UUID appId, String name, int version, Map<String, String> vars,
                                          Long configVersion, Integer rollbackOf) {
        return new ReleaseCreated(appId, name, UUID.randomUUID(), version, "slug", "http://builder/slug",
                Map.of("web", "node server.js"), vars, rollbackOf == null ? "Set A config vars" : "Rollback to v" + rollbackOf,
                null, null, Instant.now(), configVersion, rollbackOf);
    }
}
