package dev.slipway.dyno;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.DynoMetricsSampled;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.FormationChanged;
import dev.slipway.events.LatencyBuckets;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.RouterMetricsAggregated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics store and API. Real: dyno-manager, PostgreSQL and Kafka from devstack, the API over
 * real HTTP. Faked: the router and the dyno sampler's events (the test produces them to Kafka),
 * release-service's and config-service's events.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "dyno"))
class MetricsTest {
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = new Platform();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void routerWindowsAddUpPerBucketAndARedeliveryCountsOnce() {
        Platform.TestApp app = readyApp();
        Instant window = Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        // two routers (or a restart) sent the same window; one record comes twice
        EventEnvelope first = platform.publish(new RouterMetricsAggregated(app.id(), window, 10,
                Map.of("2xx", 90L, "4xx", 5L), Map.of(), Map.of(LatencyBuckets.index(10_000), 90L,
                LatencyBuckets.index(200_000), 5L), 201_000L));
        platform.redeliver(first);
        platform.publish(new RouterMetricsAggregated(app.id(), window, 10, Map.of("5xx", 5L), Map.of("H12", 4L,
                "H14", 1L), Map.of(LatencyBuckets.index(30_000_000), 4L), 30_001_000L));
        platform.publish(new RouterMetricsAggregated(app.id(), window.plusSeconds(10), 10, Map.of("3xx", 1L),
                Map.of(), Map.of(LatencyBuckets.index(1_000), 1L), 1_000L));

        JsonPath tens = Platform.await(() -> metrics(app, window, window.plusSeconds(60), "10"),
                j -> j.getList("router.requests.'3xx'").get(1) != null);
        assertEquals(6, tens.getList("timestamps").size());
        assertEquals(window.getEpochSecond(), tens.getLong("timestamps[0]"));
        assertEquals(90, tens.getInt("router.requests.'2xx'[0]"));
        assertEquals(1, tens.getInt("router.requests.'3xx'[1]"));
        assertEquals(5, tens.getInt("router.requests.'4xx'[0]"));
        assertEquals(5, tens.getInt("router.requests.'5xx'[0]"));
        assertEquals(4, tens.getInt("router.errors.H12[0]"));
        assertEquals(1, tens.getInt("router.errors.H14[0]"));
        assertEquals(null, tens.getList("router.requests.'2xx'").get(2), "no data: null");
        // 104 timed: p50 at 10 ms, p95 among the 200 ms ones, p99 among the timeouts, max exact
        assertWithinBucket(10.0, tens.getDouble("router.latency_ms.p50[0]"));
        assertWithinBucket(200.0, tens.getDouble("router.latency_ms.p95[0]"));
        assertWithinBucket(30_000.0, tens.getDouble("router.latency_ms.p99[0]"));
        assertEquals(30_001.0, tens.getDouble("router.latency_ms.max[0]"));

        // the 1-minute rollup holds both windows
        JsonPath minutes = metrics(app, window, window.plusSeconds(120), "60");
        assertEquals(2, minutes.getList("timestamps").size());
        assertEquals(90, minutes.getInt("router.requests.'2xx'[0]"));
        assertEquals(1, minutes.getInt("router.requests.'3xx'[0]"));
        assertEquals(30_001.0, minutes.getDouble("router.latency_ms.max[0]"));
    }

    @Test
    void dynoSamplesAndTheTimelineAreServed() {
        Platform.TestApp app = readyApp();
        Instant at = Instant.now().minusSeconds(30);
        platform.publish(new DynoMetricsSampled(app.id(), at, List.of(
                new DynoMetricsSampled.Dyno("web.1", "standard-1X", 512, 100 * 1024 * 1024, 500_000, 10_000_000))));
        // a slug nobody serves, and no dyno wanted (web 0): nothing starts
        platform.publish(new ReleaseCreated(app.id(), app.name(), UUID.randomUUID(), 3, "ab".repeat(32),
                "http://127.0.0.1:9/slug",
                Map.of("web", "npm start"), Map.of(), "Deploy 1a2b3c4", "1a2b3c4", null, at));
        platform.publish(new FormationChanged(app.id(), List.of(new FormationChanged.Process("web", 0, "standard-1X"))));
        given().header("Authorization", app.bearer()).delete("/apps/{app}/dynos", app.name()).then().statusCode(202);

        JsonPath json = Platform.await(() -> metrics(app, at.minusSeconds(60), Instant.now().plusSeconds(5), "10"),
                j -> j.getList("events").size() >= 3 && j.getMap("dynos").containsKey("web.1"));
        List<Object> memory = json.getList("dynos.'web.1'.memory_mb");
        assertEquals(json.getList("timestamps").size(), memory.size());
        assertTrue(memory.contains(100.0f) || memory.contains(100.0), memory.toString());
        assertTrue(json.getList("dynos.'web.1'.cpu_load").stream().anyMatch(v -> v != null
                && Math.abs(((Number) v).doubleValue() - 0.05) < 1e-9));
        assertEquals(512, json.getInt("dynos.'web.1'.memory_quota_mb"));
        assertEquals(List.of("deploy", "scale", "restart"), json.getList("events.kind"));
        assertEquals("Deploy v3: Deploy 1a2b3c4", json.getString("events[0].description"));
        assertEquals("web scaled to 0", json.getString("events[1].description"));
        assertEquals("all dynos restarted", json.getString("events[2].description"));
    }

    @Test
    void badInputIsHerokusInvalidParamsAndAnotherUsersAppIsForbidden() {
        Platform.TestApp app = readyApp();
        Platform.TestApp other = readyApp();
        invalid(app, Map.of("since", "yesterday"));
        invalid(app, Map.of("step", "30"));
        invalid(app, Map.of("since", "2026-12-05T10:00:00Z", "until", "2026-12-05T09:00:00Z"));
        invalid(app, Map.of("since", "2026-11-01T00:00:00Z", "until", "2026-12-05T00:00:00Z", "step", "600"));
        invalid(app, Map.of("since", "2026-12-01T00:00:00Z", "until", "2026-12-05T00:00:00Z", "step", "10"));
        // as on every app path of the platform (the kit's AccessGuard): Heroku's 403 for an app of someone else
        given().header("Authorization", other.bearer()).get("/apps/{app}/metrics", app.name())
                .then().statusCode(403).body("id", equalTo("forbidden"));
        given().header("Authorization", app.bearer()).get("/apps/{app}/metrics", "no-such-app-" + UUID.randomUUID())
                .then().statusCode(404);
        // the defaults: the last hour, 1-minute steps
        JsonPath json = given().header("Authorization", app.bearer()).get("/apps/{app}/metrics", app.name())
                .then().statusCode(200).extract().jsonPath();
        assertEquals(60, json.getInt("step"));
        assertTrue(json.getList("timestamps").size() >= 60 && json.getList("timestamps").size() <= 61);
        assertEquals(app.name(), json.getString("app.name"));
    }

    private static void invalid(Platform.TestApp app, Map<String, String> query) {
        given().header("Authorization", app.bearer()).queryParams(query).get("/apps/{app}/metrics", app.name())
                .then().statusCode(422).body("id", equalTo("invalid_params"));
    }

    private static void assertWithinBucket(double expectedMs, double actualMs) {
        long micros = (long) (expectedMs * 1000);
        int bucket = LatencyBuckets.index(micros);
        double low = LatencyBuckets.lowerMicros(bucket) / 1000.0 - 0.1;
        double high = LatencyBuckets.upperMicros(bucket) / 1000.0 + 0.1;
        assertTrue(actualMs >= low && actualMs <= high, actualMs + " ms is not in " + low + "..." + high);
    }

    private static JsonPath metrics(Platform.TestApp app, Instant since, Instant until, String step) {
        return given().header("Authorization", app.bearer())
                .queryParam("since", since.toString()).queryParam("until", until.toString()).queryParam("step", step)
                .get("/apps/{app}/metrics", app.name()).then().statusCode(200).extract().jsonPath();
    }

    private static Platform.TestApp readyApp() {
        Platform.TestApp app = platform.newApp();
        Platform.await(() -> given().header("Authorization", app.bearer()).get("/apps/{app}/dynos", app.name())
                .statusCode(), s -> s == 200);
        return app;
    }
}
