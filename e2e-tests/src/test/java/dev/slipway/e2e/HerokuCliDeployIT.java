package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real heroku CLI deploying an app as a Heroku user does: config vars, git:remote and git
 * push, releases and rollback, buildpacks, rename. Real: the CLI, the platform as
 * {@code ./slipway up} starts it, git, npm, dynos, HTTP through the router. Faked: nothing.
 * The steps share one app and run in order (its release numbers follow from them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HerokuCliDeployIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String APP = platform.app("clidemo");
    private static final String RENAMED = platform.app("clidemo-renamed");

    @TempDir
    static Path work;
    private Slipway slipway;
    private HerokuCli owner;
    private NodeApp app;

    @BeforeAll
    void theOwnersCliAndApp() throws Exception {
        slipway = platform.slipway();
        owner = HerokuCli.user(slipway.routerUrl(), slipway.apiKey(), work.resolve("owner"));
        app = new NodeApp(Files.createDirectories(work.resolve("clidemo")));
        owner.ok("apps:create", APP);
    }

    @Test
    @Order(1)
    void config_changes_make_releases_even_before_the_first_deploy() {
        assertTrue(owner.ok("config:set", "A=1", "B=2", "-a", APP).contains("v1"), "config:set makes v1");
        assertEquals("1", owner.ok("config:get", "A", "-a", APP).trim());
        String config = owner.ok("config", "-a", APP);
        assertTrue(config.contains("A:") && config.contains("B:"), config);
        assertTrue(owner.ok("config:unset", "B", "-a", APP).contains("v2"), "config:unset makes v2");
        assertFalse(owner.ok("config", "-a", APP).contains("B:"), "B is gone");
    }

    @Test
    @Order(2)
    void git_remote_and_git_push_deploy_the_app() {
        owner.ok(app.dir(), "git:remote", "-a", APP);
        String remote = Shell.ok(app.dir(), "git", "remote", "get-url", "heroku").trim();
        assertEquals("https://" + slipway.routerUrl().replaceFirst("^http://", "") + "/" + APP + ".git", remote);

        app.version("one");
        Shell.Result push = owner.push(app.dir());
        assertEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("Released v3"), push.output());
        slipway.awaitApp(APP, "one dyno=web.1");
    }

    @Test
    @Order(3)
    void config_set_restarts_the_dynos_with_the_new_value() {
        assertTrue(owner.ok("config:set", "GREETING=hi", "-a", APP).contains("v4"), "config:set makes v4");
        slipway.awaitApp(APP, "greeting=hi");
    }

    @Test
    @Order(4)
    void releases_info_and_rollback() {
        String releases = owner.ok("releases", "-a", APP);
        for (String line : new String[] {"v4", "Set GREETING config vars", "v3", "Deploy", "v2", "v1"}) {
            assertTrue(releases.contains(line), "releases shows " + line + ":\n" + releases);
        }
        String info = owner.ok("releases:info", "v4", "-a", APP);
        assertTrue(info.contains("Release v4") && info.contains("GREETING") && info.contains("hi"), info);

        String rollback = owner.ok("rollback", "v3", "-a", APP);
        assertTrue(rollback.contains("v5"), rollback);
        String body = slipway.awaitApp(APP, "greeting= ");
        assertTrue(body.contains("one dyno="), body);
        assertTrue(owner.ok("releases", "-a", APP).contains("Rollback to v3"), "rollback is release v5");
        assertEquals("", owner.ok("config:get", "GREETING", "-a", APP).trim(), "config comes back with the slug");
    }

    @Test
    @Order(5)
    void buildpacks_set_add_and_clear_decide_the_next_build() throws Exception {
        try (CustomBuildpack custom = CustomBuildpack.serve(Files.createDirectories(work.resolve("buildpacks")))) {
            owner.ok("buildpacks:set", custom.url(), "-a", APP);
            // looked up in Slipway's registry (HEROKU_BUILDPACK_REGISTRY_URL), as on Heroku in Heroku's
            owner.ok("buildpacks:add", "heroku/nodejs", "-a", APP);
            String listed = owner.ok("buildpacks", "-a", APP);
            assertTrue(listed.contains(custom.url()) && listed.contains("heroku/nodejs"), listed);
            app.version("two");
            Shell.Result push = owner.push(app.dir());
            assertEquals(0, push.exitCode(), push.output());
            assertTrue(push.output().contains(CustomBuildpack.MARKER), push.output());
            slipway.awaitApp(APP, "two dyno=web.1");
        }
        owner.ok("buildpacks:clear", "-a", APP);
        app.version("three");
        Shell.Result push = owner.push(app.dir());
        assertEquals(0, push.exitCode(), push.output());
        assertFalse(push.output().contains(CustomBuildpack.MARKER), push.output());
        slipway.awaitApp(APP, "three dyno=web.1");
    }

    @Test
    @Order(6)
    void rename_moves_the_app_and_its_git_remote() {
        owner.ok(app.dir(), "apps:rename", RENAMED, "-a", APP);
        slipway.awaitApp(RENAMED, "dyno=web.1");
        assertEquals(404, Api.getApp(slipway.routerUrl(), APP + ".localhost").status(), "the old name no longer routes");
        String remote = Shell.ok(app.dir(), "git", "remote", "get-url", "heroku").trim();
        assertTrue(remote.endsWith("/" + RENAMED + ".git"), remote);
        app.version("four");
        Shell.Result push = owner.push(app.dir());
        assertEquals(0, push.exitCode(), push.output());
        slipway.awaitApp(RENAMED, "four dyno=web.1");
        owner.ok("apps:destroy", "-a", RENAMED, "--confirm", RENAMED);
        // the router learns of the deletion from the event, a moment after the API answered
        slipway.await(RENAMED + " no longer routes", () -> Api.getApp(slipway.routerUrl(), RENAMED + ".localhost").status() == 404);
    }
}
