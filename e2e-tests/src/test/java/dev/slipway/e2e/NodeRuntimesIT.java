package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodejs buildpack end to end: Node.js exactly as engines.node asks, from the npm registry
 * (the host's node is another major), a warm push that downloads and installs nothing, Node.js in
 * a runtime layer every dyno sees read-only, a rollback to a release of another Node.js, yarn by
 * its lockfile, an engines.node nothing matches, and a buildpack before nodejs whose export the
 * nodejs build sees. Real: the whole platform, git, the public npm registry, sandboxes, HTTP
 * through the router. Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeRuntimesIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String NODE22 = platform.app("node22");
    private static final String NODEYARN = platform.app("nodeyarn");
    private static final String NODEBAD = platform.app("nodebad");
    private static final String NODEMULTI = platform.app("nodemulti");
    private static final String NODENOLOCK = platform.app("nodenolock");
    @TempDir
    static Path work;
    private Slipway slipway;
    private Api api;
    private FixtureApp engines;

    @BeforeAll
    void onThePlatform() {
        slipway = platform.slipway();
        api = slipway.api();
    }

    @Test
    @Order(1)
    void engines_node_gets_exactly_that_major_from_the_registry_not_the_hosts() throws Exception {
        String host = Shell.ok(work, "node", "--version").strip();
        assertFalse(host.startsWith("v22."), "the host's node must be another major for this test: " + host);
        slipway.createApp(NODE22);
        engines = FixtureApp.of("node-engines", Files.createDirectories(work.resolve("node22")));
        Shell.Result push = slipway.awaitPushAccepted(engines, slipway.gitUrl(NODE22));
        String out = push.output();
        assertTrue(out.contains("engines.node (package.json):  22.x"), out);
        assertTrue(out.contains("Resolved node version:        22."), out);
        assertTrue(out.contains("Downloaded node 22."), out);
        assertTrue(out.contains("Installing node modules (package-lock.json)"), out);
        String body = slipway.awaitApp(NODE22, "node-engines node=v22.");
        assertTrue(body.contains("web_concurrency=1 1m"), "512 MB dyno, 512 MB per process: " + body);
    }

    @Test
    @Order(2)
    void a_push_whose_dependencies_did_not_change_downloads_and_installs_nothing() {
        Shell.Result push = engines.touch().push(slipway.gitUrl(NODE22));
        String out = push.output();
        assertEquals(0, push.exitCode(), out);
        assertTrue(out.contains("Using cached node 22."), out);
        assertTrue(out.contains("restoring node_modules from the cache"), out);
        assertTrue(out.contains("Skipped the npm install"), out);
        assertFalse(out.contains("Downloaded"), out);
        // Node.js is a runtime layer the slug names: the same one, not packed again
        assertTrue(out.contains("Runtime layer /app/.heroku/node: "), out);
        assertTrue(out.contains(", unchanged)"), out);
        assertTrue(out.contains("Released v2"), out);
        slipway.awaitApp(NODE22, "node-engines node=v22.");
    }

    @Test
    @Order(3)
    void a_dyno_runs_its_node_from_a_read_only_layer() {
        String probe = "node -e \"console.log('layer-node=' + process.version)\"; "
                + "touch /app/.heroku/node/bin/node 2>/dev/null && echo layer-file-writable || echo layer-file-readonly; "
                + "touch /app/.heroku/node/x 2>/dev/null && echo layer-writable || echo layer-readonly; "
                + "touch /app/own && echo app-writable";
        Api.Response run = api.post("/apps/" + NODE22 + "/dynos", "{\"command\":\"" + probe.replace("\"", "\\\"") + "\"}");
        assertEquals(201, run.status(), run.toString());
        String dyno = run.json().path("name").asText();
        // the dyno's own lines (the "Starting process with command" line quotes the words too)
        String said = "app[" + dyno + "]: ";
        slipway.await(dyno + " to print what it sees", () -> logs(NODE22, dyno).contains(said + "app-writable"));
        String logs = logs(NODE22, dyno);
        for (String fact : new String[] {"layer-node=v22.", "layer-file-readonly", "layer-readonly", "app-writable"}) {
            assertTrue(logs.contains(said + fact), said + fact + " expected in:\n" + logs);
        }
    }

    @Test
    @Order(4)
    void a_rollback_to_a_release_of_an_older_node_serves_with_that_node() {
        String packageJson = Shell.ok(engines.dir(), "cat", "package.json").replace("\"22.x\"", "\"24.x\"");
        Shell.Result push = engines.change("package.json", packageJson).push(slipway.gitUrl(NODE22));
        assertEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("Released v3"), push.output());
        slipway.awaitApp(NODE22, "node-engines node=v24.");
        Api.Response rollback = api.post("/apps/" + NODE22 + "/releases", "{\"release\":\"v2\"}");
        assertEquals(201, rollback.status(), rollback.toString());
        assertEquals("Rollback to v2", rollback.json().path("description").asText());
        slipway.awaitApp(NODE22, "node-engines node=v22.");
    }

    @Test
    @Order(5)
    void a_yarn_lockfile_installs_with_yarn() throws Exception {
        slipway.createApp(NODEYARN);
        FixtureApp yarn = FixtureApp.of("node-yarn", Files.createDirectories(work.resolve("nodeyarn")));
        Shell.Result push = slipway.awaitPushAccepted(yarn, slipway.gitUrl(NODEYARN));
        assertTrue(push.output().contains("Using yarn 1."), push.output());
        assertTrue(push.output().contains("Installing node modules (yarn.lock)"), push.output());
        slipway.awaitApp(NODEYARN, "node-yarn node=v24.");
    }

    @Test
    @Order(6)
    void an_engines_node_that_no_release_matches_fails_the_push_with_the_nearest_versions() throws Exception {
        slipway.createApp(NODEBAD);
        FixtureApp bad = FixtureApp.of("node-unknown-engine", Files.createDirectories(work.resolve("nodebad")));
        Shell.Result push = slipway.awaitPushAnswered(bad, slipway.gitUrl(NODEBAD));
        String out = push.output();
        assertNotEquals(0, push.exitCode(), out);
        assertTrue(out.contains("No Node.js version matches engines.node \"99.x\" in package.json."), out);
        assertTrue(out.contains("Nearest versions published: "), out);
        assertTrue(out.contains("Build failed: heroku/nodejs compile exited with 1: Set engines.node to a version that exists"),
                out);
    }

    @Test
    @Order(7)
    void a_buildpack_before_nodejs_exports_what_the_nodejs_build_sees() throws Exception {
        slipway.createApp(NODEMULTI);
        try (CustomBuildpack custom = CustomBuildpack.serve(Files.createDirectories(work.resolve("buildpacks")),
                "bp=\"$(cd \"$(dirname \"$0\")/..\"; pwd)\"\necho 'export BUILT_WITH=\"the custom buildpack\"' > \"$bp/export\"")) {
            Api.Response set = api.send("PUT", "/apps/" + NODEMULTI + "/buildpack-installations",
                    "{\"updates\":[{\"buildpack\":\"" + custom.url() + "\"},{\"buildpack\":\"heroku/nodejs\"}]}");
            assertEquals(200, set.status(), set.toString());
            FixtureApp multi = FixtureApp.of("node-multi", Files.createDirectories(work.resolve("nodemulti")));
            Shell.Result push = slipway.awaitPushAccepted(multi, slipway.gitUrl(NODEMULTI));
            assertTrue(push.output().contains(CustomBuildpack.MARKER), push.output());
            assertTrue(push.output().contains("Using buildpack: heroku/nodejs"), push.output());
        }
        slipway.awaitApp(NODEMULTI, "node-multi built-with=the custom buildpack");
    }

    @Test
    @Order(8)
    void an_app_without_a_lockfile_pushed_again_installs_nothing_and_keeps_its_slug() throws Exception {
        slipway.createApp(NODENOLOCK);
        FixtureApp noLock = FixtureApp.of("node-no-lockfile", Files.createDirectories(work.resolve("nodenolock")));
        Shell.Result first = slipway.awaitPushAccepted(noLock, slipway.gitUrl(NODENOLOCK));
        assertTrue(first.output().contains("Installing node modules (package.json)"), first.output());
        slipway.awaitApp(NODENOLOCK, "node-no-lockfile 1m lockfile=package-lock.json");

        Shell.Result again = noLock.touch().push(slipway.gitUrl(NODENOLOCK));
        String out = again.output();
        assertEquals(0, again.exitCode(), out);
        assertTrue(out.contains("package.json did not change (no lockfile): restoring node_modules and the "
                + "package-lock.json npm wrote from the cache"), out);
        assertTrue(out.contains("Skipped the npm install"), out);
        assertFalse(out.contains("Installing node modules"), out);
        assertTrue(out.contains("Released v2"), out);
        slipway.awaitApp(NODENOLOCK, "node-no-lockfile 1m lockfile=package-lock.json");
        // the same tree and the restored lockfile: the same slug, byte for byte
        Api.Response builds = api.get("/apps/" + NODENOLOCK + "/builds");
        assertEquals(200, builds.status(), builds.toString());
        assertEquals(2, builds.json().size(), builds.toString());
        String firstSlug = builds.json().get(0).path("slug").path("id").asText();
        assertEquals(64, firstSlug.length(), builds.toString());
        assertEquals(firstSlug, builds.json().get(1).path("slug").path("id").asText(), builds.toString());
    }

    /** A dyno's log lines as `heroku logs -n 1500 -d DYNO` gets them (empty while there are none). */
    private String logs(String app, String dyno) {
        Api.Response session = api.post("/apps/" + app + "/log-sessions", "{\"lines\":1500,\"dyno\":\"" + dyno + "\"}");
        if (session.status() != 201) {
            return "";
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(session.json().path("logplex_url").asText()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

}
