package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser. Real: the whole (shared) platform as `./slipway up` starts it, Debian's
 * headless Chromium driven through chromedriver, git pushes, HTTP to the app. Faked: nothing.
 * Every step acts through the page (clicks and typing) and checks what the page shows; the API
 * is used only to set the scene (accounts, the app) and to confirm what the page did. Each page's
 * screenshot goes to docs/dashboard-<page>.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String APP = platform.app("shop");
    private static final String OWNER = platform.email("owner");
    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs");

    @TempDir
    static Path work;
    private Slipway slipway;
    private HeadlessChromium browser;
    private Api owner;
    private String ownerKey;
    private String strangerKey;
    private NodeApp app;
    private String gitUrl;
    private String dashboard;

    @BeforeAll
    void anAppAndABrowser() throws Exception {
        slipway = platform.slipway();
        Api admin = slipway.api();
        ownerKey = newAccountKey(admin, OWNER);
        strangerKey = newAccountKey(admin, platform.email("stranger"));
        owner = admin.withKey(ownerKey);
        Api.Response created = owner.post("/apps", "{\"name\":\"" + APP + "\"}");
        assertEquals(201, created.status(), created.toString());
        gitUrl = slipway.routerUrl().replace("http://", "http://user:" + ownerKey + "@") + "/" + APP + ".git";
        app = new NodeApp(Files.createDirectories(work.resolve(APP)));
        slipway.awaitPushAccepted(app.version("v1"), gitUrl);
        slipway.awaitApp(APP, "v1 dyno=web.1");
        dashboard = slipway.routerUrl().replace("://127.0.0.1:", "://dashboard.localhost:")
                .replace("://localhost:", "://dashboard.localhost:") + "/";
        browser = new HeadlessChromium(Files.createDirectories(work.resolve("chromium")));
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void a_key_signs_in_and_sees_only_the_apps_it_may_see() {
        browser.open(dashboard);
        signIn("slw_not-a-key");
        browser.awaitText("form.sign-in .error", "not valid");

        signIn(strangerKey);
        browser.awaitText("main", "No apps yet");
        assertFalse(browser.bodyText().contains(APP + ".localhost"), browser.bodyText());
        browser.click("#sign-out");

        signIn(ownerKey);
        browser.awaitText("#who", OWNER);
        browser.awaitText("#apps tr[data-app=" + APP + "] td.state", "running");
        String row = browser.awaitText("#apps tr[data-app=" + APP + "]", "v1");
        assertTrue(row.contains("http://" + APP + ".localhost:"), row);
        browser.screenshot(DOCS.resolve("dashboard-apps.png"));
    }

    @Test
    @Order(2)
    void scaling_web_to_two_from_the_overview_brings_both_dynos_up() {
        browser.click("#apps tr[data-app=" + APP + "] a.app-link");
        browser.awaitText("#formation", "web");
        browser.type("#quantity-web", "2");
        browser.click("#scale-web");
        browser.await("web.1 and web.2 up", d -> browser.all("#dynos tr.dyno[data-state=up]").size() == 2
                && browser.bodyText().contains("web.2") ? true : null);
        assertEquals(2, owner.get("/apps/" + APP + "/formation/web").json().path("quantity").asInt());
        browser.awaitText("#latest-activity", "Released v1");
        browser.screenshot(DOCS.resolve("dashboard-overview.png"));
    }

    @Test
    @Order(3)
    void a_config_var_set_on_the_settings_page_makes_a_new_release() {
        browser.click("#nav-settings");
        browser.click("#reveal-config");
        browser.type("#config-new-key", "GREETING");
        browser.type("#config-new-value", "hello from the dashboard");
        browser.click("#config-add");
        browser.awaitText("#config-table tr[data-key=GREETING]", "hello from the dashboard");
        browser.screenshot(DOCS.resolve("dashboard-settings.png"));

        browser.click("#nav-activity");
        browser.awaitText("#releases tr.release[data-version='2']", "GREETING");
        slipway.awaitApp(APP, "greeting=hello from the dashboard");
    }

    @Test
    @Order(4)
    void a_pushs_build_output_arrives_on_the_activity_page_while_it_runs() {
        browser.awaitText("#releases", "v2");
        CompletableFuture<Shell.Result> push = CompletableFuture.supplyAsync(() -> app.version("v2").withSlowBuild(15).push(gitUrl));
        String output = browser.awaitText("li.build[data-status=pending] pre.build-output", "-----> ");
        assertFalse(push.isDone(), "the output showed only after the push ended: " + output);
        Shell.Result pushed = push.join();
        assertEquals(0, pushed.exitCode(), pushed.output());
        browser.awaitText("li.build[data-status=succeeded] pre.build-output", "-----> ");
        browser.awaitText("#releases tr.release[data-version='3']", "Deploy");
        slipway.awaitApp(APP, "v2 dyno=web.");
        browser.screenshot(DOCS.resolve("dashboard-activity.png"));
    }

    @Test
    @Order(5)
    void the_metrics_page_plots_the_requests_sent() {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, Api.getApp(slipway.routerUrl(), APP + ".localhost").status());
        }
        browser.click("#nav-metrics");
        // the router ships each app's 10 s window as it closes; the page reloads its series every 10 s
        browser.await("the requests plotted", d ->
                browser.all("#chart-throughput[data-has-data] path.series").isEmpty() ? null : "plot");
        browser.await("their response times plotted", d ->
                browser.all("#chart-latency[data-has-data] path.series").isEmpty() ? null : "plot");
        assertTrue(browser.all("#metrics-empty").isEmpty(), "the page says it has no metrics");
        browser.screenshot(DOCS.resolve("dashboard-metrics.png"));
    }

    @Test
    @Order(6)
    void a_new_log_line_shows_in_the_live_tail() {
        browser.click("#nav-logs");
        browser.awaitText("#log-state", "live");
        String path = "/dashboard-it-" + UUID.randomUUID();
        assertEquals(200, Api.getApp(slipway.routerUrl(), APP + ".localhost", path).status());
        browser.awaitText("#log-tail .log-line", "path=\"" + path + "\"");

        // only the platform's lines: the router's next line comes, the app's own lines do not
        new Select(browser.find("#log-source")).selectByValue("heroku");
        browser.awaitText("#log-state", "live");
        String next = "/dashboard-it-" + UUID.randomUUID();
        assertEquals(200, Api.getApp(slipway.routerUrl(), APP + ".localhost", next).status());
        browser.awaitText("#log-tail .log-line", "path=\"" + next + "\"");
        List<String> lines = browser.all("#log-tail .log-line").stream().map(e -> e.getText()).toList();
        assertTrue(lines.stream().noneMatch(l -> l.contains(" app[")), String.join("\n", lines));
        browser.screenshot(DOCS.resolve("dashboard-logs.png"));
    }

    @Test
    @Order(7)
    void rollback_maintenance_and_delete_from_the_page() {
        browser.click("#nav-activity");
        browser.click("#rollback-v2");
        browser.awaitText("#releases tr.release[data-version='4']", "Rollback to v2");

        browser.click("#nav-settings");
        browser.click("#maintenance-toggle");
        browser.awaitText("#maintenance", "Turn maintenance mode off");
        slipway.await("the app in maintenance (H80)",
                () -> Api.getApp(slipway.routerUrl(), APP + ".localhost").status() == 503);
        browser.click("#maintenance-toggle");
        browser.awaitText("#maintenance", "Turn maintenance mode on");

        browser.type("#delete-confirm", "not-shop");
        browser.click("#delete-app");
        browser.awaitText("#danger-zone .error", "Type " + APP + " to confirm");
        assertEquals(200, owner.get("/apps/" + APP).status());
        browser.type("#delete-confirm", APP);
        browser.click("#delete-app");
        browser.awaitText("main", "No apps yet");
        assertEquals(404, owner.get("/apps/" + APP).status());
    }

    @Test
    @Order(8)
    void the_page_ran_under_its_content_security_policy_without_a_violation() {
        List<String> console = browser.consoleMessages();
        assertTrue(console.stream().noneMatch(m -> m.contains("Content Security Policy")), String.join("\n", console));
        Api.Response reserved = owner.post("/apps", "{\"name\":\"dashboard\"}");
        assertEquals(422, reserved.status(), reserved.toString());
        assertEquals("invalid_params", reserved.json().path("id").asText());
    }

    private void signIn(String key) {
        browser.type("#api-key", key);
        browser.click("#sign-in");
    }

    private static String newAccountKey(Api admin, String email) {
        Api.Response created = admin.post("/admin/accounts", "{\"email\":\"" + email + "\"}");
        assertEquals(201, created.status(), created.toString());
        return created.json().path("api_key").asText();
    }
}
