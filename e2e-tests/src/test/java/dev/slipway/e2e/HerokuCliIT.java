package dev.slipway.e2e;

import static dev.slipway.e2e.CliOutput.assertCliError;
import static dev.slipway.e2e.CliOutput.field;
import static dev.slipway.e2e.CliOutput.nonEmptyLines;
import static dev.slipway.e2e.CliOutput.read;
import static dev.slipway.e2e.CliOutput.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real, unmodified heroku CLI (npm package {@code heroku}, pinned) driving Slipway as a Heroku
 * user drives Heroku, checked by its output and by its effect. Real: the CLI, the platform as
 * {@code ./slipway up} starts it, git, npm, dynos, HTTP through the router. Faked: nothing.
 * The steps share one platform and one app, and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HerokuCliIT {
    private static final String APP = "clidemo";
    private static final Pattern RANDOM_NAME = Pattern.compile("\\b([a-z]+-[a-z]+-\\d{4})\\b");

    @TempDir
    static Path work;
    private Slipway slipway;
    @RegisterExtension
    final ServiceLogsOnFailure serviceLogs = new ServiceLogsOnFailure(() -> slipway);
    private Api admin;
    private HerokuCli owner;
    private NodeApp app;
    private String host;

    @BeforeAll
    void startPlatform() throws Exception {
        slipway = Slipway.start(Files.createDirectories(work.resolve("home")));
        admin = slipway.api();
        owner = HerokuCli.user(slipway.routerUrl(), slipway.apiKey(), work.resolve("owner"));
        app = new NodeApp(Files.createDirectories(work.resolve("clidemo")));
        host = APP + ".localhost";
    }

    @AfterAll
    void stopPlatform() {
        if (slipway != null) {
            slipway.stop();
        }
    }

    @Test
    @Order(1)
    void creates_lists_shows_and_destroys_apps() {
        String created = owner.ok("create");
        Matcher random = RANDOM_NAME.matcher(created);
        assertTrue(random.find(), "heroku create picks a name like sharp-rain-4821: " + created);
        String randomName = random.group(1);
        assertTrue(created.contains("http://" + randomName + ".localhost:"), created);

        assertTrue(owner.ok("apps:create", APP).contains(APP), "apps:create");
        String apps = owner.ok("apps");
        assertTrue(apps.contains(APP) && apps.contains(randomName), apps);

        String info = owner.ok("apps:info", "-a", APP);
        assertTrue(info.contains(slipway.routerUrl().replace("localhost", APP + ".localhost") + "/"), info);
        assertTrue(info.contains("Owner:") && info.contains("Web URL:"), info);
        assertEquals(APP, owner.json("apps:info", "-a", APP).path("app").path("name").asText());
        String opened = owner.ok("open", "-a", APP);
        assertTrue(opened.contains("Opening " + slipway.routerUrl().replace("localhost", host) + "/"), opened);

        String destroyed = owner.ok("apps:destroy", "-a", randomName, "--confirm", randomName);
        assertTrue(destroyed.contains("done"), destroyed);
        assertFalse(owner.ok("apps").contains(randomName), "a destroyed app is gone from the list");

        assertCliError(owner.run("apps:create", "Not_Valid!"), "Name must start with a letter");
        assertCliError(owner.run("apps:create", APP), "already taken");
        assertCliError(owner.run("apps:info", "-a", "no-such-app"), "Couldn't find that app");
    }

    @Test
    @Order(2)
    void config_changes_make_releases_even_before_the_first_deploy() {
        assertTrue(owner.ok("config:set", "A=1", "B=2", "-a", APP).contains("v1"), "config:set makes v1");
        assertEquals("1", owner.ok("config:get", "A", "-a", APP).trim());
        String config = owner.ok("config", "-a", APP);
        assertTrue(config.contains("A:") && config.contains("B:"), config);
        assertTrue(owner.ok("config:unset", "B", "-a", APP).contains("v2"), "config:unset makes v2");
        assertFalse(owner.ok("config", "-a", APP).contains("B:"), "B is gone");
    }

    @Test
    @Order(3)
    void git_remote_and_git_push_deploy_the_app() {
        owner.ok(app.dir(), "git:remote", "-a", APP);
        String remote = Shell.ok(app.dir(), "git", "remote", "get-url", "heroku").trim();
        assertEquals("https://" + slipway.routerUrl().replaceFirst("^http://", "") + "/" + APP + ".git", remote);

        app.version("one").withWorker();
        Shell.Result push = push();
        assertEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("Released v3"), push.output());
        slipway.awaitApp(APP, "one dyno=web.1");
    }

    @Test
    @Order(4)
    void config_set_restarts_the_dynos_with_the_new_value() {
        assertTrue(owner.ok("config:set", "GREETING=hi", "-a", APP).contains("v4"), "config:set makes v4");
        slipway.awaitApp(APP, "greeting=hi");
    }

    @Test
    @Order(5)
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
    @Order(6)
    void ps_scale_restart_and_stop() {
        owner.ok("ps:scale", "web=2", "worker=1", "-a", APP);
        slipway.await("web.1, web.2 and worker.1 up", () -> {
            String ps = owner.ok("ps", "-a", APP);
            return ps.contains("web.1: up") && ps.contains("web.2: up") && ps.contains("worker.1: up");
        });
        String ps = owner.ok("ps", "-a", APP);
        assertTrue(ps.contains("=== web") && ps.contains("=== worker"), ps);
        assertTrue(ps.contains("ago)"), "dyno ages as Heroku shows them: " + ps);
        JsonNode dynos = owner.json("ps", "-a", APP);
        assertEquals(3, dynos.size(), dynos.toString());

        String web1Since = field(dynos, "web.1", "updated_at");
        owner.ok("ps:restart", "web.1", "-a", APP);
        slipway.await("web.1 restarted: up again, its age reset", () -> {
            JsonNode now = owner.json("ps", "-a", APP);
            return !field(now, "web.1", "updated_at").equals(web1Since) && state(now, "web.1").equals("up");
        });
        owner.ok("ps:stop", "worker.1", "-a", APP);
        // a stopped dyno of a scaled process type is started again, as on Heroku
        slipway.await("worker.1 up again", () -> state(owner.json("ps", "-a", APP), "worker.1").equals("up"));
        owner.ok("ps:restart", "-a", APP);
        slipway.await("all three up after a restart", () -> {
            JsonNode now = owner.json("ps", "-a", APP);
            return now.size() == 3 && state(now, "web.1").equals("up") && state(now, "web.2").equals("up");
        });
        owner.ok("ps:scale", "web=1", "worker=0", "-a", APP);
        slipway.await("one web dyno left", () -> owner.json("ps", "-a", APP).size() == 1);
        assertCliError(owner.run("ps:scale", "nosuchtype=1", "-a", APP), "");
    }

    @Test
    @Order(7)
    void logs_show_app_router_and_platform_lines() throws Exception {
        Api.getApp(slipway.routerUrl(), host, "/logs-probe");
        slipway.await("the router line of the probe in heroku logs",
                () -> owner.ok("logs", "-a", APP, "-n", "200").contains("path=\"/logs-probe\""));
        String logs = owner.ok("logs", "-a", APP, "-n", "1500");
        for (String expected : new String[] {"heroku[router]: at=info", "app[api]: Release v", "app[web.1]:",
                "heroku[web.1]: State changed from starting to up"}) {
            assertTrue(logs.contains(expected), "heroku logs shows " + expected + ":\n" + logs);
        }
        assertTrue(Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00 \\w+\\[[\\w.]+\\]: ",
                Pattern.MULTILINE).matcher(logs).find(), "Heroku's line format:\n" + logs);

        assertEquals(3, nonEmptyLines(owner.ok("logs", "-a", APP, "--num", "3")).size());
        for (String line : nonEmptyLines(owner.ok("logs", "-a", APP, "--ps", "web.1", "-n", "50"))) {
            assertTrue(line.contains("[web.1]:"), "--ps web.1 keeps web.1's lines only: " + line);
        }
        for (String line : nonEmptyLines(owner.ok("logs", "-a", APP, "--source", "app", "-n", "50"))) {
            assertTrue(line.contains(" app["), "--source app keeps the app's lines only: " + line);
        }

        Path tailed = work.resolve("tail.log");
        Process tail = owner.start(tailed, "logs", "--tail", "-a", APP);
        try {
            slipway.await("a tail session is streaming", () -> !nonEmptyLines(read(tailed)).isEmpty());
            Api.getApp(slipway.routerUrl(), host, "/tail-probe");
            slipway.await("the new router line arrives on the tail", () -> read(tailed).contains("path=\"/tail-probe\""));
        } finally {
            tail.destroy();
        }
    }

    @Test
    @Order(8)
    void run_detached_runs_a_one_off_dyno_whose_output_is_in_the_logs() {
        String run = owner.ok("run:detached", "echo hello-from-a-one-off", "-a", APP);
        assertTrue(run.contains("run."), run);
        slipway.await("the one-off dyno's output in heroku logs", () -> {
            String logs = owner.ok("logs", "-a", APP, "-n", "200");
            return logs.contains("hello-from-a-one-off") && logs.contains("app[run.");
        });
    }

    @Test
    @Order(9)
    void domains_route_to_the_app_until_removed() {
        owner.ok("domains:add", "www.example.com", "-a", APP);
        assertTrue(owner.ok("domains", "-a", APP).contains("www.example.com"), "domains lists it");
        slipway.await("the router answers for www.example.com",
                () -> Api.getApp(slipway.routerUrl(), "www.example.com").body().contains("dyno=web."));
        owner.ok("domains:remove", "www.example.com", "-a", APP);
        slipway.await("the router forgets www.example.com",
                () -> Api.getApp(slipway.routerUrl(), "www.example.com").status() == 404);
        assertFalse(owner.ok("domains", "-a", APP).contains("www.example.com"), "domains no longer lists it");
    }

    @Test
    @Order(10)
    void maintenance_mode_serves_a_503_page_meanwhile() {
        owner.ok("maintenance:on", "-a", APP);
        assertTrue(owner.ok("maintenance", "-a", APP).contains("on"), "maintenance shows on");
        slipway.await("the router serves the maintenance page", () -> {
            Api.Response r = Api.getApp(slipway.routerUrl(), host);
            return r.status() == 503 && r.body().toLowerCase().contains("maintenance");
        });
        owner.ok("maintenance:off", "-a", APP);
        assertTrue(owner.ok("maintenance", "-a", APP).contains("off"), "maintenance shows off");
        slipway.awaitApp(APP, "dyno=web.1");
    }

    @Test
    @Order(11)
    void buildpacks_set_add_and_clear_decide_the_next_build() throws Exception {
        try (CustomBuildpack custom = CustomBuildpack.serve(Files.createDirectories(work.resolve("buildpacks")))) {
            owner.ok("buildpacks:set", custom.url(), "-a", APP);
            // looked up in Slipway's registry (HEROKU_BUILDPACK_REGISTRY_URL), as on Heroku in Heroku's
            owner.ok("buildpacks:add", "heroku/nodejs", "-a", APP);
            String listed = owner.ok("buildpacks", "-a", APP);
            assertTrue(listed.contains(custom.url()) && listed.contains("heroku/nodejs"), listed);
            app.version("two");
            Shell.Result push = push();
            assertEquals(0, push.exitCode(), push.output());
            assertTrue(push.output().contains(CustomBuildpack.MARKER), push.output());
            slipway.awaitApp(APP, "two dyno=web.1");
        }
        owner.ok("buildpacks:clear", "-a", APP);
        app.version("three");
        Shell.Result push = push();
        assertEquals(0, push.exitCode(), push.output());
        assertFalse(push.output().contains(CustomBuildpack.MARKER), push.output());
        slipway.awaitApp(APP, "three dyno=web.1");
    }

    @Test
    @Order(12)
    void collaborators_share_the_app_and_strangers_are_refused() throws Exception {
        HerokuCli collaborator = HerokuCli.user(slipway.routerUrl(), newAccountKey("collab@example.com"),
                work.resolve("collaborator"));
        HerokuCli stranger = HerokuCli.user(slipway.routerUrl(), newAccountKey("stranger@example.com"),
                work.resolve("stranger"));
        assertCliError(collaborator.run("apps:info", "-a", APP), "");

        owner.ok("access:add", "collab@example.com", "-a", APP);
        assertTrue(owner.ok("access", "-a", APP).contains("collab@example.com"), "access lists the collaborator");
        slipway.await("the collaborator sees the app", () -> collaborator.run("apps").output().contains(APP));
        assertTrue(collaborator.ok("config:set", "FROM_COLLABORATOR=yes", "-a", APP).contains("v"), "config:set");
        slipway.awaitApp(APP, "dyno=web.1");

        assertCliError(stranger.run("apps:info", "-a", APP), "");
        assertCliError(stranger.run("config", "-a", APP), "");
        assertFalse(stranger.ok("apps").contains(APP), "a stranger's apps list lacks the app");
        Shell.Result strangerPush = Shell.run(app.dir(), stranger.env(), "git", "push", "heroku", "main");
        assertNotEquals(0, strangerPush.exitCode(), strangerPush.output());

        owner.ok("access:remove", "collab@example.com", "-a", APP);
        slipway.await("the former collaborator is refused",
                () -> collaborator.run("apps:info", "-a", APP).exitCode() != 0);
    }

    @Test
    @Order(13)
    void an_authorization_gives_a_key_and_revoking_it_locks_it_out_everywhere() throws Exception {
        JsonNode created = owner.json("authorizations:create", "--description", "e2e key");
        String token = created.path("access_token").path("token").asText();
        String id = created.path("id").asText();
        assertFalse(token.isEmpty() || id.isEmpty(), created.toString());
        HerokuCli withToken = HerokuCli.user(slipway.routerUrl(), token, work.resolve("token-user"));
        slipway.await("the new key works", () -> withToken.run("apps:info", "-a", APP).exitCode() == 0);
        assertTrue(owner.ok("authorizations").contains("e2e key"), "authorizations lists it");

        owner.ok("authorizations:revoke", id);
        long revoked = System.nanoTime();
        Api withRevoked = admin.withKey(token);
        slipway.await("the revoked key is refused by every service and by git", () ->
                withRevoked.get("/apps/" + APP).status() == 401
                        && withRevoked.get("/apps/" + APP + "/releases").status() == 401
                        && withRevoked.get("/apps/" + APP + "/dynos").status() == 401
                        && withRevoked.get("/apps/" + APP + "/builds").status() == 401
                        && Shell.run(app.dir(), withToken.env(), "git", "ls-remote", gitUrl(APP)).exitCode() != 0);
        long lockoutMs = (System.nanoTime() - revoked) / 1_000_000;
        System.out.printf("e2e: revoked key refused everywhere after %d ms%n", lockoutMs);
        assertTrue(lockoutMs < 1000, "revocation took " + lockoutMs + " ms");
    }

    @Test
    @Order(14)
    void rename_moves_the_app_and_its_git_remote() {
        owner.ok(app.dir(), "apps:rename", "clidemo-renamed", "-a", APP);
        slipway.awaitApp("clidemo-renamed", "dyno=web.1");
        assertEquals(404, Api.getApp(slipway.routerUrl(), host).status(), "the old name no longer routes");
        String remote = Shell.ok(app.dir(), "git", "remote", "get-url", "heroku").trim();
        assertTrue(remote.endsWith("/clidemo-renamed.git"), remote);
        app.version("four");
        Shell.Result push = push();
        assertEquals(0, push.exitCode(), push.output());
        slipway.awaitApp("clidemo-renamed", "four dyno=web.1");
        owner.ok("apps:destroy", "-a", "clidemo-renamed", "--confirm", "clidemo-renamed");
        assertEquals(404, Api.getApp(slipway.routerUrl(), "clidemo-renamed.localhost").status());
    }

    @Test
    @Order(15)
    void commands_slipway_lacks_fail_with_a_clear_error_not_a_stack_trace() {
        String name = "unsupported-probe";
        owner.ok("apps:create", name);
        for (String[] command : new String[][] {
                {"pipelines:create", "p", "-a", name, "--stage", "production"},
                {"webhooks:add", "-i", "api:release", "-l", "notify", "-u", "https://example.com/hook", "-a", name},
                {"drains:add", "syslog://example.com:514", "-a", name}}) {
            assertCliError(owner.run(command), "");
        }
        // where Slipway has none of a thing, the list is honestly empty
        assertTrue(owner.ok("certs", "-a", name).contains("has no SSL certificates"), "certs");
    }

    @Test
    @Order(16)
    void addons_create_list_info_and_destroy_a_postgres_database() {
        String name = "pgcli";
        owner.ok("apps:create", name);
        String created = owner.ok("addons:create", "heroku-postgresql", "-a", name);
        Matcher addon = Pattern.compile("Created (postgresql-[a-z]+-\\d{5}) as DATABASE_URL").matcher(created);
        assertTrue(addon.find(), created);
        String addonName = addon.group(1);

        String list = owner.ok("addons", "-a", name);
        assertTrue(list.contains("heroku-postgresql (" + addonName + ")"), list);
        assertTrue(list.contains("as DATABASE"), list);
        assertTrue(list.contains("free") && list.contains("created"), list);
        String info = owner.ok("addons:info", addonName);
        assertTrue(info.contains("heroku-postgresql:essential-0"), info);
        assertTrue(info.contains(name + "::DATABASE"), info);
        assertTrue(Pattern.compile("State:\\s+created").matcher(info).find(), info);
        assertTrue(owner.ok("config:get", "DATABASE_URL", "-a", name).trim().startsWith("postgres://"), "config:get");
        assertTrue(owner.ok("releases", "-a", name).contains("Attach DATABASE (" + addonName + ")"), "releases");

        assertCliError(owner.run("config:set", "DATABASE_URL=postgres://elsewhere", "-a", name),
                "managed by the add-on " + addonName);
        assertCliError(owner.run("addons:create", "heroku-postgresql:hobby-dev", "-a", name),
                "Couldn't find either the add-on service or the add-on plan");
        String other = "unsupported-probe"; // the owner's other app (step 15)
        assertCliError(owner.run("addons:create", "heroku-postgresql", "--name", addonName, "-a", other), "already taken");
        assertCliError(owner.run("addons:destroy", addonName, "-a", other, "--confirm", other),
                addonName + " is on " + name + " not " + other);

        String destroyed = owner.ok("addons:destroy", addonName, "-a", name, "--confirm", name);
        assertTrue(destroyed.contains("Destroying " + addonName) && destroyed.contains("done"), destroyed);
        assertTrue(owner.ok("addons", "-a", name).contains("No add-ons for app " + name), "no add-ons left");
        assertFalse(owner.ok("config", "-a", name).contains("DATABASE_URL"), "the var went with the add-on");
        assertTrue(owner.ok("releases", "-a", name).contains("Detach DATABASE (" + addonName + ")"), "releases");
    }

    /** The app's git URL as git pushes to it (http; the CLI's remote is https, rewritten for pushes only). */
    private String gitUrl(String appName) {
        return slipway.routerUrl() + "/" + appName + ".git";
    }

    private Shell.Result push() {
        return Shell.run(app.dir(), owner.env(), "git", "push", "heroku", "main");
    }

    private String newAccountKey(String email) {
        Api.Response created = admin.post("/admin/accounts", "{\"email\":\"" + email + "\"}");
        assertEquals(201, created.status(), created.toString());
        return created.json().path("api_key").asText();
    }
}
