package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton, end to end. Real: the six services as their own JVMs started by devstack's
 * launcher, a KRaft Kafka broker, PostgreSQL, the git binary, npm, dynos as processes, HTTP on
 * loopback through the router. Faked: nothing. The steps share one platform and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitPushToServingAppIT {
    private static final Pattern PID = Pattern.compile("dyno=(web\\.\\d+) boot=(\\w+)");

    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String HELLO = platform.app("hello");
    @TempDir
    static Path work;
    private Slipway slipway;
    private Api api;
    private NodeApp app;
    private String gitUrl;

    @BeforeAll
    void anApp() throws Exception {
        slipway = platform.slipway();
        api = slipway.api();
        app = new NodeApp(Files.createDirectories(work.resolve("hello")));
    }

    @Test
    @Order(1)
    void creates_an_app_and_refuses_bad_names_and_keys() {
        Api.Response created = api.post("/apps", "{\"name\":\"" + HELLO + "\"}");
        assertEquals(201, created.status(), created.toString());
        JsonNode body = created.json();
        assertEquals(HELLO, body.path("name").asText());
        assertTrue(body.path("web_url").asText().startsWith("http://" + HELLO + ".localhost:"), body.toString());
        assertTrue(body.path("git_url").asText().endsWith("/" + HELLO + ".git"), body.toString());
        assertTrue(body.hasNonNull("id") && body.hasNonNull("created_at"), body.toString());
        gitUrl = slipway.gitUrl(HELLO);

        assertError(422, "invalid_params", api.post("/apps", "{\"name\":\"" + HELLO + "\"}"));
        assertError(422, "invalid_params", api.post("/apps", "{\"name\":\"Not_Valid!\"}"));
        assertError(401, "unauthorized", api.withKey(null).post("/apps", "{\"name\":\"nokey\"}"));
        assertError(401, "unauthorized", api.withKey("slw_wrong").get("/apps/" + HELLO));
        assertError(404, "not_found", api.get("/apps/no-such-app"));
    }

    @Test
    @Order(2)
    void first_push_builds_releases_v1_and_serves() {
        Shell.Result push = slipway.awaitPushAccepted(app.version("v1"), gitUrl);
        assertTrue(push.output().contains("remote: -----> "), push.output());
        assertTrue(push.output().contains("Released v1"), push.output());
        assertTrue(push.output().contains("http://" + HELLO + ".localhost:"), push.output());
        assertTrue(push.output().contains("Verifying deploy... done."), push.output());
        String body = slipway.awaitApp(HELLO, "v1 dyno=web.1");
        assertTrue(body.contains("1m"), "the npm dependency runs: " + body);
    }

    @Test
    @Order(3)
    void second_push_releases_v2_and_the_router_serves_the_new_code() {
        long pushed = System.nanoTime();
        Shell.Result push = app.version("v2").push(gitUrl);
        assertEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("Released v2"), push.output());
        slipway.awaitApp(HELLO, "v2 dyno=web.1");
        System.out.printf("e2e: warm push to first 200 of the new release: %d ms%n", (System.nanoTime() - pushed) / 1_000_000);
    }

    @Test
    @Order(4)
    void a_config_change_makes_a_release_and_restarts_the_dynos() {
        Api.Response changed = api.patch("/apps/" + HELLO + "/config-vars", "{\"GREETING\":\"hi\"}");
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("hi", changed.json().path("GREETING").asText());
        slipway.awaitApp(HELLO, "greeting=hi");
        JsonNode releases = api.get("/apps/" + HELLO + "/releases").json();
        JsonNode latest = releases.get(releases.size() - 1);
        assertEquals(3, latest.path("version").asInt(), releases.toString());
        assertTrue(latest.path("description").asText().contains("GREETING"), latest.toString());

        assertError(422, "invalid_params", api.patch("/apps/" + HELLO + "/config-vars", "{\"1BAD\":\"x\"}"));
    }

    @Test
    @Order(5)
    void scaling_web_to_two_runs_two_dynos_that_both_get_requests() {
        Api.Response scaled = api.patch("/apps/" + HELLO + "/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":2}]}");
        assertEquals(200, scaled.status(), scaled.toString());
        slipway.await("two web dynos up", () -> upWebDynos() == 2);
        Set<String> seen = new HashSet<>();
        slipway.await("requests reach web.1 and web.2", () -> {
            Matcher m = PID.matcher(Api.getApp(slipway.routerUrl(), HELLO + ".localhost").body());
            if (m.find()) {
                seen.add(m.group(1));
            }
            return seen.containsAll(Set.of("web.1", "web.2"));
        });
        JsonNode formation = api.get("/apps/" + HELLO + "/formation").json();
        assertEquals("web", formation.get(0).path("type").asText(), formation.toString());
        assertEquals(2, formation.get(0).path("quantity").asInt(), formation.toString());

        assertError(404, "not_found", api.patch("/apps/" + HELLO + "/formation/worker", "{\"quantity\":1}"));
        assertError(422, "invalid_params", api.patch("/apps/" + HELLO + "/formation/web", "{\"quantity\":-1}"));
    }

    @Test
    @Order(6)
    void a_killed_dyno_is_restarted_and_skipped_while_down() {
        String body = slipway.awaitApp(HELLO, "dyno=web.1");
        Matcher m = PID.matcher(body);
        assertTrue(m.find(), body);
        String killedBoot = m.group(2);
        // the dyno's own pid is its PID namespace's: the host's is found by its environment
        String appId = api.get("/apps/" + HELLO).json().path("id").asText();
        long hostPid = DynoProcess.hostPid(appId, "web.1", "node").orElseThrow(() -> new AssertionError("no web.1 process"));
        Shell.ok(work, "kill", "-9", Long.toString(hostPid));
        for (int i = 0; i < 20; i++) {
            Api.Response response = Api.getApp(slipway.routerUrl(), HELLO + ".localhost");
            assertEquals(200, response.status(), "while web.1 is down, web.2 serves: " + response);
        }
        slipway.await("web.1 restarted with a new process", () -> {
            Matcher again = PID.matcher(Api.getApp(slipway.routerUrl(), HELLO + ".localhost").body());
            return again.find() && again.group(1).equals("web.1") && !again.group(2).equals(killedBoot);
        });
    }

    @Test
    @Order(7)
    void a_failed_build_rejects_the_push_and_the_app_keeps_its_release() {
        Shell.Result push = app.brokenPackageJson().push(gitUrl);
        assertNotEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("rejected") || push.output().contains("failed"), push.output());
        String body = slipway.awaitApp(HELLO, "v2 dyno=");
        assertTrue(body.contains("greeting=hi"), body);
        assertEquals(3, api.get("/apps/" + HELLO + "/releases").json().size());
    }

    @Test
    @Order(8)
    void releases_formation_and_dynos_answer_in_herokus_shapes() {
        JsonNode release = api.get("/apps/" + HELLO + "/releases").json().get(0);
        for (String field : new String[] {"id", "version", "description", "status", "created_at", "slug", "app"}) {
            assertTrue(release.has(field), "release lacks " + field + ": " + release);
        }
        JsonNode dyno = api.get("/apps/" + HELLO + "/dynos").json().get(0);
        for (String field : new String[] {"id", "name", "type", "state", "command", "size", "release", "created_at"}) {
            assertTrue(dyno.has(field), "dyno lacks " + field + ": " + dyno);
        }
        assertError(401, "unauthorized", api.withKey(null).get("/apps/" + HELLO + "/dynos"));
        assertError(401, "unauthorized", api.withKey(null).get("/apps/" + HELLO + "/releases"));
    }

    private int upWebDynos() {
        int up = 0;
        for (JsonNode dyno : api.get("/apps/" + HELLO + "/dynos").json()) {
            if (dyno.path("type").asText().equals("web") && dyno.path("state").asText().equals("up")) {
                up++;
            }
        }
        return up;
    }

    private static void assertError(int status, String id, Api.Response response) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(id, response.json().path("id").asText(), response.toString());
        assertTrue(response.json().hasNonNull("message"), response.toString());
    }
}
