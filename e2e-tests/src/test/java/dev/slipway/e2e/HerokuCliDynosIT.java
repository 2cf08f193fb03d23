package dev.slipway.e2e;

import static dev.slipway.e2e.CliOutput.assertCliError;
import static dev.slipway.e2e.CliOutput.field;
import static dev.slipway.e2e.CliOutput.nonEmptyLines;
import static dev.slipway.e2e.CliOutput.read;
import static dev.slipway.e2e.CliOutput.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The real heroku CLI running a deployed app: ps (scale, restart, stop), logs (filters, tail),
 * one-off dynos, custom domains and maintenance mode, checked by output and effect. Real: the
 * CLI, the platform as {@code ./slipway up} starts it, git, npm, dynos, HTTP through the router.
 * Faked: nothing. The steps share one app (a web and a worker process type) and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HerokuCliDynosIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String APP = platform.app("clidemo");
    private static final String HOST = APP + ".localhost";
    private static final String DOMAIN = "www." + APP + ".test";

    @TempDir
    static Path work;
    private Slipway slipway;
    private HerokuCli owner;

    @BeforeAll
    void theOwnersCliAndADeployedApp() throws Exception {
        slipway = platform.slipway();
        owner = HerokuCli.user(slipway.routerUrl(), slipway.apiKey(), work.resolve("owner"));
        NodeApp app = new NodeApp(Files.createDirectories(work.resolve("clidemo")));
        owner.ok("apps:create", APP);
        owner.ok(app.dir(), "git:remote", "-a", APP);
        app.version("one").withWorker();
        Shell.Result push = owner.push(app.dir());
        assertEquals(0, push.exitCode(), push.output());
        slipway.awaitApp(APP, "one dyno=web.1");
    }

    @Test
    @Order(1)
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
    @Order(2)
    void logs_show_app_router_and_platform_lines() throws Exception {
        Api.getApp(slipway.routerUrl(), HOST, "/logs-probe");
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
            Api.getApp(slipway.routerUrl(), HOST, "/tail-probe");
            slipway.await("the new router line arrives on the tail", () -> read(tailed).contains("path=\"/tail-probe\""));
        } finally {
            tail.destroy();
        }
    }

    @Test
    @Order(3)
    void run_detached_runs_a_one_off_dyno_whose_output_is_in_the_logs() {
        String run = owner.ok("run:detached", "echo hello-from-a-one-off", "-a", APP);
        assertTrue(run.contains("run."), run);
        slipway.await("the one-off dyno's output in heroku logs", () -> {
            String logs = owner.ok("logs", "-a", APP, "-n", "200");
            return logs.contains("hello-from-a-one-off") && logs.contains("app[run.");
        });
    }

    @Test
    @Order(4)
    void domains_route_to_the_app_until_removed() {
        owner.ok("domains:add", DOMAIN, "-a", APP);
        assertTrue(owner.ok("domains", "-a", APP).contains(DOMAIN), "domains lists it");
        slipway.await("the router answers for " + DOMAIN,
                () -> Api.getApp(slipway.routerUrl(), DOMAIN).body().contains("dyno=web."));
        owner.ok("domains:remove", DOMAIN, "-a", APP);
        slipway.await("the router forgets " + DOMAIN, () -> Api.getApp(slipway.routerUrl(), DOMAIN).status() == 404);
        assertFalse(owner.ok("domains", "-a", APP).contains(DOMAIN), "domains no longer lists it");
    }

    @Test
    @Order(5)
    void maintenance_mode_serves_a_503_page_meanwhile() {
        owner.ok("maintenance:on", "-a", APP);
        assertTrue(owner.ok("maintenance", "-a", APP).contains("on"), "maintenance shows on");
        slipway.await("the router serves the maintenance page", () -> {
            Api.Response r = Api.getApp(slipway.routerUrl(), HOST);
            return r.status() == 503 && r.body().toLowerCase().contains("maintenance");
        });
        owner.ok("maintenance:off", "-a", APP);
        assertTrue(owner.ok("maintenance", "-a", APP).contains("off"), "maintenance shows off");
        slipway.awaitApp(APP, "dyno=web.1");
    }
}
