package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.LatencyBuckets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics end to end (issue 18): requests through the router are counted per app and reach
 * dyno-manager's store through {@code slipway.metrics}, the dyno's cgroup is sampled, the deploy
 * is on the timeline, and {@code GET /apps/{app}/metrics} serves it all. Real: the whole platform
 * (the shared one: every figure checked is the app's own), a Node app built and run in its sandbox,
 * HTTP through the router. Faked: nothing. The steps run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
    private static final int FAST = 40;
    private static final int SLOW = 10;
    private static final int MISSING = 10;
    private static final long SLOW_MS = 250;
    /** The brief's bound: a closed window is in the store this long after it ends. */
    private static final long ARRIVAL_MS = 40_000;

    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String METERED = platform.app("metered");
    private static final String IDLE = platform.app("idle");

    @TempDir
    static Path work;
    private Slipway slipway;
    private Api api;
    /** The minute the measured requests were sent in, and their latencies as the client saw them. */
    private Instant minute;
    private final List<Long> fastMicros = new ArrayList<>();
    private final List<Long> slowMicros = new ArrayList<>();

    @BeforeAll
    void onThePlatform() {
        slipway = platform.slipway();
        api = slipway.api();
    }

    @Test
    @Order(1)
    void a_known_mix_of_requests_is_counted_by_class_with_its_latencies() throws Exception {
        String gitUrl = slipway.createApp(METERED);
        slipway.awaitPushAccepted(new TimedApp(Files.createDirectories(work.resolve("metered"))), gitUrl);
        slipway.awaitApp(METERED, "fast");

        // the mix goes out at the start of a fresh minute, so that one 1-minute bucket holds all of it
        // and nothing else (the readiness polls above fall in earlier buckets)
        long now = System.currentTimeMillis();
        minute = Instant.ofEpochSecond(now / 60_000 * 60 + 60);
        Thread.sleep(minute.toEpochMilli() - now + 50);
        for (int i = 0; i < FAST + SLOW + MISSING; i++) {
            String path = i % 6 == 5 ? "/slow" : i % 6 == 4 ? "/missing" : "/";
            long started = System.nanoTime();
            Api.Response response = Api.getApp(slipway.routerUrl(), METERED + ".localhost", path);
            long micros = (System.nanoTime() - started) / 1_000;
            assertEquals(path.equals("/missing") ? 404 : 200, response.status(), path + ": " + response);
            (path.equals("/slow") ? slowMicros : fastMicros).add(micros);
        }
        assertTrue(System.currentTimeMillis() < minute.toEpochMilli() + 55_000, "the mix did not fit in its minute");

        JsonNode m = awaitMetrics(METERED, minute, minute.plusSeconds(60), 60,
                j -> j.path("router").path("requests").path("2xx").path(0).asLong() == FAST + SLOW
                        && j.path("router").path("requests").path("4xx").path(0).asLong() == MISSING);
        assertEquals(List.of(minute.getEpochSecond()), longs(m.path("timestamps")));
        JsonNode requests = m.path("router").path("requests");
        // a bucket with data counts 0 where nothing happened (null is for no data at all)
        assertEquals(0, requests.path("3xx").path(0).asLong(-1), m.toString());
        assertEquals(0, requests.path("5xx").path(0).asLong(-1), m.toString());
        assertEquals(0, m.path("router").path("errors").size(), "no router errors: " + m);

        // p50 is one of the quick answers, p95 and p99 among the slow ones; the router's own time
        // lies between what the app slept and what the client measured, so within one bucket of that
        JsonNode latency = m.path("router").path("latency_ms");
        Collections.sort(fastMicros);
        Collections.sort(slowMicros);
        double p50 = latency.path("p50").path(0).asDouble();
        assertTrue(p50 > 0 && p50 * 1000 <= LatencyBuckets.upperMicros(LatencyBuckets.index(fastMicros.getLast())),
                "p50 " + p50 + " ms, quick answers took up to " + fastMicros.getLast() + " µs at the client");
        for (String p : List.of("p95", "p99", "max")) {
            double ms = latency.path(p).path(0).asDouble();
            assertTrue(ms * 1000 >= LatencyBuckets.lowerMicros(LatencyBuckets.index(SLOW_MS * 1000))
                    && ms * 1000 <= LatencyBuckets.upperMicros(LatencyBuckets.index(slowMicros.getLast())),
                    p + " " + ms + " ms, the slow answers took " + slowMicros + " µs at the client");
        }

        // the same requests in 10-second buckets add up to the same counts
        JsonNode tens = metrics(METERED, minute, minute.plusSeconds(60), 10).json();
        assertEquals(6, tens.path("timestamps").size(), tens.toString());
        assertEquals(FAST + SLOW, sum(tens.path("router").path("requests").path("2xx")));
        assertEquals(MISSING, sum(tens.path("router").path("requests").path("4xx")));
    }

    @Test
    @Order(2)
    void the_dyno_is_sampled_within_its_quota_and_the_deploy_is_on_the_timeline() {
        Instant since = minute.minusSeconds(1800); // the push and its deploy came before the measured minute
        JsonNode m = awaitMetrics(METERED, since, Instant.now().plusSeconds(1), 10, j -> {
            JsonNode web = j.path("dynos").path("web.1");
            return nonNull(web.path("memory_mb")).size() >= 2 && !nonNull(web.path("cpu_load")).isEmpty();
        });
        JsonNode web = m.path("dynos").path("web.1");
        assertEquals(512, web.path("memory_quota_mb").asLong(), web.toString());
        assertEquals(m.path("timestamps").size(), web.path("memory_mb").size());
        for (double mb : nonNull(web.path("memory_mb"))) {
            assertTrue(mb > 0 && mb <= 512, "memory " + mb + " MB of a 512 MB quota");
        }
        for (double load : nonNull(web.path("cpu_load"))) {
            assertTrue(load >= 0 && load <= 64, "load " + load);
        }
        List<String> deploys = new ArrayList<>();
        m.path("events").forEach(e -> {
            if (e.path("kind").asText().equals("deploy")) {
                deploys.add(e.path("description").asText());
            }
        });
        assertEquals(1, deploys.size(), m.path("events").toString());
        assertTrue(deploys.getFirst().startsWith("Deploy v"), deploys.toString());
    }

    @Test
    @Order(3)
    void an_app_without_web_dynos_counts_its_h14s() {
        slipway.createApp(IDLE);
        Instant since = Instant.now().minusSeconds(1);
        // until the router knows the app it is 404 (no such app, not counted); then every answer is H14
        int[] h14 = {0};
        slipway.await(IDLE + " answers H14", () -> {
            int status = Api.getApp(slipway.routerUrl(), IDLE + ".localhost").status();
            h14[0] += status == 503 ? 1 : 0;
            return status == 503;
        });
        for (int i = 0; i < 5; i++) {
            assertEquals(503, Api.getApp(slipway.routerUrl(), IDLE + ".localhost").status());
            h14[0]++;
        }
        Instant until = Instant.now().plusSeconds(1);
        JsonNode m = awaitMetrics(IDLE, since, until, 10, j -> sum(j.path("router").path("errors").path("H14")) == h14[0]);
        assertEquals(h14[0], sum(m.path("router").path("requests").path("5xx")));
        assertTrue(nonNull(m.path("router").path("latency_ms").path("p50")).isEmpty(),
                "no dyno answered, so no response time: " + m);
    }

    @Test
    @Order(4)
    void bad_input_gets_herokus_errors_and_another_users_key_is_refused() {
        assertError(422, metrics(METERED, "?since=yesterday"));
        assertError(422, metrics(METERED, "?step=30"));
        assertError(422, metrics(METERED, "?since=2026-11-01T00:00:00Z&until=2026-12-01T00:00:00Z&step=600"));
        assertError(422, metrics(METERED, "?since=2026-12-05T10:00:00Z&until=2026-12-05T09:00:00Z"));
        assertError(404, api.get("/apps/no-such-app/metrics"));

        Api.Response created = api.post("/admin/accounts", "{\"email\":\"" + platform.email("stranger") + "\"}");
        assertEquals(201, created.status(), created.toString());
        Api stranger = api.withKey(created.json().path("api_key").asText());
        // dyno-manager learns keys from ApiKeyIssued: until then the key is 401 there
        slipway.await("dyno-manager knows the stranger's key",
                () -> stranger.get("/apps/" + METERED + "/metrics").status() != 401);
        Api.Response refused = stranger.get("/apps/" + METERED + "/metrics");
        // as on every app path: Heroku's 403 for someone else's app (service-kit's AccessGuard)
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("forbidden", refused.json().path("id").asText(), refused.toString());
        assertFalse(refused.body().contains("timestamps"), refused.body());
    }

    private JsonNode awaitMetrics(String app, Instant since, Instant until, int step,
                                  java.util.function.Predicate<JsonNode> done) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        long deadline = System.currentTimeMillis() + ARRIVAL_MS + Math.max(0, until.toEpochMilli() - System.currentTimeMillis());
        while (System.currentTimeMillis() < deadline) {
            Api.Response response = metrics(app, since, until, step);
            assertEquals(200, response.status(), response.toString());
            last.set(response.json());
            if (done.test(last.get())) {
                return last.get();
            }
            sleep(500);
        }
        throw new AssertionError("the metrics of " + app + " did not arrive: " + last.get());
    }

    private Api.Response metrics(String app, Instant since, Instant until, int step) {
        return metrics(app, "?since=" + since + "&until=" + until + "&step=" + step);
    }

    private Api.Response metrics(String app, String query) {
        return api.get("/apps/" + app + "/metrics" + query);
    }

    private static void assertError(int status, Api.Response response) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(status == 422 ? "invalid_params" : "not_found", response.json().path("id").asText(),
                response.toString());
    }

    private static long sum(JsonNode series) {
        long total = 0;
        for (JsonNode n : series) {
            total += n.asLong();
        }
        return total;
    }

    private static List<Long> longs(JsonNode series) {
        List<Long> values = new ArrayList<>();
        series.forEach(n -> values.add(n.asLong()));
        return values;
    }

    private static List<Double> nonNull(JsonNode series) {
        List<Double> values = new ArrayList<>();
        series.forEach(n -> {
            if (!n.isNull()) {
                values.add(n.asDouble());
            }
        });
        return values;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A Node app without dependencies: {@code /} answers at once, {@code /slow} after 250 ms, anything else 404. */
    private static final class TimedApp implements PushableApp {
        private final Path dir;

        TimedApp(Path dir) throws IOException {
            this.dir = dir;
            Files.writeString(dir.resolve("package.json"), """
                    {"name": "metered", "version": "1.0.0", "private": true, "scripts": {"start": "node server.js"}}
                    """);
            Files.writeString(dir.resolve("server.js"), """
                    const http = require('http');
                    http.createServer((req, res) => {
                      if (req.url === '/') return res.end('fast\\n');
                      if (req.url === '/slow') return setTimeout(() => res.end('slow\\n'), %d);
                      res.statusCode = 404;
                      res.end('missing\\n');
                    }).listen(process.env.PORT);
                    """.formatted(SLOW_MS));
            Shell.ok(dir, "git", "init", "-q", "-b", "main");
            Shell.ok(dir, "git", "config", "user.email", "e2e@slipway.local");
            Shell.ok(dir, "git", "config", "user.name", "e2e");
            Shell.ok(dir, "git", "add", "-A");
            Shell.ok(dir, "git", "commit", "-q", "-m", "metered");
        }

        @Override
        public Shell.Result push(String gitUrl) {
            return Shell.run(dir, Map.of("GIT_TERMINAL_PROMPT", "0"), "git", "push", gitUrl, "main");
        }
    }
}
