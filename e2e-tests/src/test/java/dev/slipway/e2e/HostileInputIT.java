package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's hostile inputs, each sent as a tenant or an internet client would, each followed by
 * a check that the platform still deploys and serves another app (a new version of a bystander
 * app, pushed and served). Real: the whole platform as {@code ./slipway up} starts it, git, HTTP,
 * a plain Kafka client, raw sockets. Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final String BYSTANDER = "bystander";

    /** Its own: a log flood, forty 8 MB heads at the router and a gzip bomb are aimed at the whole platform. */
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.own();
    @TempDir
    static Path work;
    private Slipway slipway;
    private ProcfileApp bystander;
    private int bystanderVersion;

    @BeforeAll
    void aBystanderApp() throws Exception {
        slipway = platform.slipway();
        bystander = app(BYSTANDER);
        bystanderDeploysAndServes();
    }

    /** After every hostile input: the platform still takes a push and serves it. */
    @AfterEach
    void bystanderDeploysAndServes() {
        String label = BYSTANDER + " v" + (++bystanderVersion);
        bystander.version(label);
        Shell.Result push = bystander.push(slipway.gitUrl(BYSTANDER));
        assertEquals(0, push.exitCode(), "the bystander's push after a hostile input:\n" + push.output());
        slipway.awaitApp(BYSTANDER, label);
    }

    @Test
    @Order(1)
    void aProcfileCommandWithANulIsRefusedOnTheSideBandAndNothingWaitsBehindIt() throws Exception {
        ProcfileApp app = app("nul-procfile");
        app.commit("nul", Map.of("Procfile", "web: python3 -m http.server --bind 0.0.0.0 $PORT\nworker: echo a\u0000b\n",
                "index.html", "nul\n"));
        Shell.Result push = app.push(slipway.gitUrl("nul-procfile"));
        assertNotEquals(124, push.exitCode(), "the push hung:\n" + push.output());
        assertTrue(push.output().contains("Procfile"), "a clear line about the Procfile:\n" + push.output());
    }

    @Test
    @Order(2)
    void aProcfileThatLinksToThePlatformsKeyNeverPrintsIt() throws Exception {
        ProcfileApp app = app("linked-procfile");
        app.commit("page", Map.of("index.html", "linked\n"));
        for (String target : List.of(slipway.platform().apiKeyFile().toString(), "../../../../../../../api-key",
                "/proc/self/environ")) {
            app.link("link to " + target, "Procfile", target);
            Shell.Result push = app.push(slipway.gitUrl("linked-procfile"));
            assertNotEquals(124, push.exitCode(), "the push hung:\n" + push.output());
            assertFalse(push.output().contains(slipway.apiKey()), "the admin key leaked through " + target);
            assertFalse(push.output().contains("KAFKA") || push.output().contains("PASSWORD"),
                    "the environment leaked through " + target + ":\n" + push.output());
        }
    }

    @Test
    @Order(3)
    void aDynoPrintingNulInvalidUtf8AndAHugeLineDoesNotStopItsLogs() throws Exception {
        ProcfileApp app = app("noisy-bytes");
        app.commit("bytes", Map.of(
                "Procfile", "web: python3 server.py\n",
                "server.py", """
                        import os, sys, http.server
                        out = sys.stdout.buffer
                        out.write(b"nul:\\x00:end\\n")
                        out.write(b"bad utf-8:\\xc3\\x28\\xff:end\\n")
                        out.write(b"x" * (1024 * 1024) + b"\\n")
                        out.write(b"marker-after-the-noise\\n")
                        out.flush()
                        http.server.test(HandlerClass=http.server.SimpleHTTPRequestHandler, port=int(os.environ["PORT"]), bind="0.0.0.0")
                        """,
                "index.html", "noisy\n"));
        Shell.Result push = app.push(slipway.gitUrl("noisy-bytes"));
        assertEquals(0, push.exitCode(), push.output());
        slipway.awaitApp("noisy-bytes", "noisy");
        slipway.await("the line after the noise in noisy-bytes' log",
                () -> logs("noisy-bytes").contains("marker-after-the-noise"));
        String log = logs("noisy-bytes");
        assertTrue(log.contains("nul:") && log.contains(":end"), "the NUL line is stored, escaped:\n" + tail(log));
    }

    @Test
    @Order(4)
    void oneAppsLogFloodNeverCostsAnotherAppsLines() throws Exception {
        ProcfileApp flood = app("log-flood");
        flood.commit("flood", Map.of("Procfile", "web: python3 -m http.server --bind 0.0.0.0 $PORT\nworker: python3 flood.py\n",
                "flood.py", "import sys\nwhile True:\n    sys.stdout.write('flood ' * 20 + '\\n')\n",
                "index.html", "flood\n"));
        slipway.awaitPushAccepted(flood::push, slipway.gitUrl("log-flood"));
        ProcfileApp quiet = app("log-quiet");
        quiet.commit("quiet", Map.of("Procfile", "web: python3 -m http.server --bind 0.0.0.0 $PORT\nworker: bash quiet.sh\n",
                "quiet.sh", "sleep 5\nfor i in $(seq 1 50); do echo quiet-line-$i; sleep 0.1; done\nexec sleep infinity\n",
                "index.html", "quiet\n"));
        slipway.awaitPushAccepted(quiet::push, slipway.gitUrl("log-quiet"));
        // both built first, then both workers at once: the flood runs for the seconds before and
        // during the quiet worker's 50 lines (not for the quiet app's whole build as well: the lines
        // a flood had written by then wait on the log topic ahead of the quiet ones)
        assertEquals(200, slipway.api().patch("/apps/log-quiet/formation",
                "{\"updates\":[{\"type\":\"worker\",\"quantity\":1}]}").status());
        assertEquals(200, slipway.api().patch("/apps/log-flood/formation",
                "{\"updates\":[{\"type\":\"worker\",\"quantity\":1}]}").status());
        try {
            slipway.await("log-flood's flood reaches its log", () -> logs("log-flood").contains("flood flood"));
            slipway.await("all 50 of log-quiet's lines arrive during log-flood's flood",
                    () -> logs("log-quiet").contains("quiet-line-50"));
            String log = logs("log-quiet");
            for (int i = 1; i <= 50; i++) {
                assertTrue(log.contains("quiet-line-" + i + "\n") || log.contains("quiet-line-" + i + "\r"),
                        "quiet-line-" + i + " is missing:\n" + tail(log));
            }
        } finally {
            // a flood left running would slow every step after this one
            assertEquals(200, slipway.api().patch("/apps/log-flood/formation",
                    "{\"updates\":[{\"type\":\"worker\",\"quantity\":0}]}").status());
        }
    }

    @Test
    @Order(5)
    void buildpackUrlsThatAreNotHttpsHttpOrGitAreRefused() {
        assertEquals(201, slipway.api().post("/apps", "{\"name\":\"bad-buildpacks\"}").status());
        for (String url : List.of("file:///etc", "ssh://git@example.com/bp.git", "git@example.com:bp.git",
                "/var/lib/buildpack", "https://example.com/bp.git#--upload-pack=touch%20/tmp/pwned",
                "https://example.com/bp.git#-x")) {
            Api.Response answer = slipway.api().send("PUT", "/apps/bad-buildpacks/buildpack-installations",
                    "{\"updates\":[{\"buildpack\":" + Api.JSON.valueToTree(url) + "}]}");
            assertEquals(422, answer.status(), url + " -> " + answer);
            assertTrue(answer.body().contains("\"id\"") && answer.body().contains("\"message\""), answer.toString());
        }
    }

    @Test
    @Order(6)
    void theBrokerRefusesAClientWithoutCredentials() {
        assertTrue(HostileClients.unauthenticatedProducerIsRefused(slipway.platform().kafka().bootstrapServers()),
                "a producer without credentials could write slipway.config");
    }

    @Test
    @Order(7)
    void internalPortsListenOnLoopbackOnlyAndWantTheServiceCredential() {
        for (ServiceModule service : ServiceModule.values()) {
            String url = slipway.platform().serviceUrl(service);
            int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            for (String address : HostileClients.hostAddresses()) {
                assertFalse(HostileClients.connects(address, port), service.module() + " answers on " + address + ":" + port);
            }
        }
        String source = "/internal/pushes/00000000-0000-0000-0000-000000000000/source";
        assertEquals(401, HostileClients.status(slipway.platform().serviceUrl(ServiceModule.GIT_GATEWAY) + source),
                "git-gateway's internal source without the service credential");
        assertEquals(401, HostileClients.status(slipway.platform().serviceUrl(ServiceModule.BUILDER_SERVICE)
                + "/internal/slugs/" + "0".repeat(64)), "the builder's slugs without the service credential");
        int viaRouter = HostileClients.status(slipway.routerUrl() + source);
        assertTrue(viaRouter == 404 || viaRouter == 403, "the router refuses /internal: " + viaRouter);
    }

    @Test
    @Order(8)
    void fortyUnfinishedHugeHeadsDoNotTakeTheRouterDown() throws Exception {
        HostileClients.HeadFlood flood = HostileClients.floodHeads(slipway.routerUrl(), 40, 8 * 1024 * 1024);
        try {
            slipway.awaitApp(BYSTANDER, BYSTANDER + " v" + bystanderVersion);
        } finally {
            flood.close();
        }
        assertEquals(40, flood.refusedOrCut(), "every unfinished 8 MB head was refused or timed out");
    }

    @Test
    @Order(9)
    void aGzipBombPushIsRefusedNotInflated() throws Exception {
        assertEquals(201, slipway.api().post("/apps", "{\"name\":\"gzip-bomb\"}").status());
        HostileClients.Answer answer = HostileClients.gzipBombPush(slipway.routerUrl(), "gzip-bomb", slipway.apiKey());
        assertTrue(answer.status() > 0 && answer.status() < 500, "answer: " + answer);
        assertTrue(answer.body().contains("refused") || answer.status() == 413, "a clear refusal: " + answer);
    }

    private ProcfileApp app(String name) throws Exception {
        slipway.createApp(name);
        return new ProcfileApp(Files.createDirectories(work.resolve(name)));
    }

    /** The app's recent log through a log session, as {@code heroku logs -n 1500} reads it. */
    private String logs(String app) {
        Api.Response session = slipway.api().post("/apps/" + app + "/log-sessions", "{\"lines\":1500}");
        if (session.status() / 100 != 2) {
            return "";
        }
        return HostileClients.get(session.json().path("logplex_url").asText());
    }

    private static String tail(String log) {
        return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
    }
}
