package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heroku's release phase, end to end: a Procfile app whose {@code release:} command runs before
 * each release goes live. Real: the whole platform (six services, Kafka, PostgreSQL, runc
 * sandboxes), git, HTTP through the router. Faked: nothing; the release phase's time limit is set
 * short (10 s) so that a command that never exits is seen to fail. The steps run in order on one app; the last
 * stops and starts the platform ({@code ./slipway down} and {@code up}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleasePhaseIT {
    /** What the release command does is steered by config vars, so a config change shows each case. */
    private static final String RELEASE_SCRIPT = """
            #!/usr/bin/env bash
            set -eo pipefail
            echo "release phase of ${GREETING:-nobody} on $DYNO"
            printf 'nul:\\0:end\\n'
            echo "migrated"
            sleep "${RELEASE_SLEEP:-0}"
            # one line of 1 MB: more than a release's output keeps
            head -c 1000000 /dev/zero | tr '\\0' x
            echo
            exit "${RELEASE_EXIT:-0}"
            """;

    /** Its own: a short release-phase time limit is a setting of the whole platform, and the last step restarts it. */
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.own(Map.of("slipway.release-phase.timeout", "10s"));
    @TempDir
    static Path work;
    private Slipway slipway;
    private Api api;
    private ProcfileApp app;
    private String gitUrl;

    @BeforeAll
    void aPhasedApp() throws Exception {
        slipway = platform.slipway();
        api = slipway.api();
        app = new ProcfileApp(Files.createDirectories(work.resolve("phased")));
        assertEquals(201, api.post("/apps", "{\"name\":\"phased\"}").status());
        gitUrl = slipway.gitUrl("phased");
    }

    private String version(String label) {
        return app.commit(label, Map.of(
                "Procfile", "web: python3 -m http.server --bind 0.0.0.0 $PORT\nrelease: bash release.sh\n",
                "release.sh", RELEASE_SCRIPT,
                "index.html", label + "\n"));
    }

    @Test
    @Order(1)
    void a_push_runs_the_release_command_shows_its_output_and_goes_live() {
        version("first");
        Shell.Result push = slipway.awaitPushAccepted(app::push, gitUrl);
        String out = push.output();
        assertTrue(out.contains("remote: Running release command..."), out);
        assertTrue(out.contains("remote: release phase of nobody on release.1"), out);
        assertTrue(out.contains("remote: nul:\uFFFD:end"), "a NUL is replaced, never sent: " + out);
        assertTrue(out.contains("remote: migrated"), out);
        assertTrue(out.contains("output is cut here"), "a 1 MB line is bounded: " + out.length());
        assertTrue(out.length() < 1_000_000, "the push does not carry the 1 MB line: " + out.length());
        assertTrue(out.contains("remote: Waiting for release.... done."), out);
        assertTrue(out.contains("remote: Verifying deploy... done."), out);
        slipway.awaitApp("phased", "first");

        JsonNode v1 = release(1);
        assertEquals("succeeded", v1.path("status").asText(), v1.toString());
        assertTrue(v1.path("current").asBoolean(), v1.toString());
        String output = output(v1);
        assertTrue(output.contains("release phase of nobody on release.1"), output);
        assertTrue(output.contains("migrated"), output);
        assertFalse(output.contains("\0"), "no NUL in the stored output");
        assertTrue(output.length() < 600_000, "the stored output is bounded: " + output.length());
        // the release command is not a process type to scale
        JsonNode formation = api.get("/apps/phased/formation").json();
        assertEquals(1, formation.size(), formation.toString());
        assertEquals("web", formation.get(0).path("type").asText(), formation.toString());
    }

    @Test
    @Order(2)
    void a_config_change_runs_the_release_command_again() {
        assertEquals(200, api.patch("/apps/phased/config-vars", "{\"GREETING\":\"hi\"}").status());
        JsonNode v2 = awaitStatus(2, "succeeded");
        assertTrue(output(v2).contains("release phase of hi on release.2"), output(v2));
        slipway.await("web.1 runs v2", () -> webRelease() == 2);
    }

    @Test
    @Order(3)
    void a_failing_release_command_fails_the_release_and_the_old_one_keeps_serving() {
        assertEquals(200, api.patch("/apps/phased/config-vars", "{\"RELEASE_EXIT\":\"3\"}").status());
        awaitStatus(3, "failed");

        version("second");
        Shell.Result push = app.push(gitUrl);
        String out = push.output();
        assertEquals(0, push.exitCode(), "the code is stored, as on Heroku: " + out);
        assertTrue(out.contains("remote: release phase of hi on release.4"), out);
        assertTrue(out.contains("remote: Waiting for release.... failed."), out);
        assertTrue(out.contains("the release command exited with status 3"), out);
        assertFalse(out.contains("Verifying deploy"), out);

        JsonNode releases = api.get("/apps/phased/releases").json();
        assertEquals(4, releases.get(releases.size() - 1).path("version").asInt(), releases.toString());
        // git-gateway and release-service each consume the phase's end: the status follows the push's line
        JsonNode v4 = awaitStatus(4, "failed");
        assertFalse(v4.path("current").asBoolean(), v4.toString());
        assertTrue(release(2).path("current").asBoolean(), "v2 is still the live release");
        assertEquals(2, webRelease());
        assertTrue(Api.getApp(slipway.routerUrl(), "phased.localhost").body().contains("first"));
    }

    @Test
    @Order(4)
    void a_release_command_that_never_exits_is_stopped_at_the_time_limit() {
        assertEquals(200, api.patch("/apps/phased/config-vars", "{\"RELEASE_EXIT\":\"0\",\"RELEASE_SLEEP\":\"600\"}").status());
        awaitStatus(5, "pending");
        JsonNode v5 = awaitStatus(5, "failed");
        assertTrue(output(v5).contains("migrated"), output(v5));
        slipway.await("release.5 is gone", () -> !api.get("/apps/phased/dynos").body().contains("release.5"));
        assertEquals(2, webRelease());
        assertTrue(Api.getApp(slipway.routerUrl(), "phased.localhost").body().contains("first"));
    }

    @Test
    @Order(6)
    void a_rollback_runs_the_release_command_too() {
        Api.Response rolled = api.post("/apps/phased/releases", "{\"release\":\"2\"}");
        assertEquals(201, rolled.status(), rolled.toString());
        assertEquals(6, rolled.json().path("version").asInt(), rolled.toString());
        JsonNode v9 = awaitStatus(6, "succeeded");
        assertTrue(output(v9).contains("release phase of hi on release.6"), output(v9));
        slipway.awaitApp("phased", "first");
    }

    /** Last, as it stops and starts the platform: `./slipway down` and `up` keep the app, its releases and its formation. */
    @Test
    @Order(7)
    void the_app_its_releases_and_its_two_running_web_dynos_come_back_after_down_and_up() throws Exception {
        Api.Response scaled = api.patch("/apps/phased/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":2}]}");
        assertEquals(200, scaled.status(), scaled.toString());
        slipway.await("two web dynos up", () -> upWebDynos() == 2);

        slipway.restart();
        api = slipway.api();
        slipway.await("two web dynos up again", () -> upWebDynos() == 2);
        slipway.awaitApp("phased", "first");
        assertEquals("phased", api.get("/apps/phased").json().path("name").asText());
        JsonNode releases = api.get("/apps/phased/releases").json();
        assertEquals(6, releases.size(), releases.toString());
        assertTrue(release(6).path("current").asBoolean(), "v6, the rollback, is still the live release");
        assertEquals(6, webRelease());
        JsonNode formation = api.get("/apps/phased/formation/web").json();
        assertEquals(2, formation.path("quantity").asInt(), formation.toString());
    }

    private JsonNode release(int version) {
        Api.Response r = api.get("/apps/phased/releases/" + version);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private JsonNode awaitStatus(int version, String status) {
        JsonNode[] last = new JsonNode[1];
        slipway.await("v" + version + " " + status, () -> {
            Api.Response r = api.get("/apps/phased/releases/" + version);
            last[0] = r.status() == 200 ? r.json() : null;
            return last[0] != null && status.equals(last[0].path("status").asText());
        });
        return last[0];
    }

    /** The release's output_stream_url, fetched without a key as the heroku CLI does, through the router. */
    private String output(JsonNode release) {
        String url = release.path("output_stream_url").asText();
        assertTrue(url.contains("/release-outputs/"), release.toString());
        Api.Response r = api.withKey(null).get(URI.create(url).getRawPath());
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    private int upWebDynos() {
        int up = 0;
        for (JsonNode d : api.get("/apps/phased/dynos").json()) {
            if (d.path("type").asText().equals("web") && d.path("state").asText().equals("up")) {
                up++;
            }
        }
        return up;
    }

    /** The release web.1 runs (the newest web.1 while one replaces another), or 0. */
    private int webRelease() {
        int version = 0;
        for (JsonNode d : api.get("/apps/phased/dynos").json()) {
            if (d.path("name").asText().equals("web.1") && d.path("state").asText().equals("up")) {
                version = Math.max(version, d.path("release").path("version").asInt());
            }
        }
        return version;
    }
}
