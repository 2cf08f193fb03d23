package dev.slipway.e2e;

import static dev.slipway.e2e.CliOutput.assertCliError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
 * The real heroku CLI's app commands (create, list, info, open, destroy), the commands Slipway
 * lacks, and its Postgres add-on commands, checked by output and effect. Real: the CLI, the
 * platform as {@code ./slipway up} starts it, HTTP through the router. Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HerokuCliAppsIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String APP = platform.app("clidemo");
    private static final String PROBE = platform.app("unsupported-probe");
    private static final String PG_APP = platform.app("pgcli");
    private static final Pattern RANDOM_NAME = Pattern.compile("\\b([a-z]+-[a-z]+-\\d{4})\\b");

    @TempDir
    static Path work;
    private Slipway slipway;
    private HerokuCli owner;

    @BeforeAll
    void theOwnersCli() throws Exception {
        slipway = platform.slipway();
        owner = HerokuCli.user(slipway.routerUrl(), slipway.apiKey(), work.resolve("owner"));
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
        assertTrue(opened.contains("Opening " + slipway.routerUrl().replace("localhost", APP + ".localhost") + "/"), opened);

        String destroyed = owner.ok("apps:destroy", "-a", randomName, "--confirm", randomName);
        assertTrue(destroyed.contains("done"), destroyed);
        assertFalse(owner.ok("apps").contains(randomName), "a destroyed app is gone from the list");

        assertCliError(owner.run("apps:create", "Not_Valid!"), "Name must start with a letter");
        assertCliError(owner.run("apps:create", APP), "already taken");
        assertCliError(owner.run("apps:info", "-a", "no-such-app"), "Couldn't find that app");
    }

    @Test
    @Order(2)
    void commands_slipway_lacks_fail_with_a_clear_error_not_a_stack_trace() {
        owner.ok("apps:create", PROBE);
        for (String[] command : new String[][] {
                {"pipelines:create", "p", "-a", PROBE, "--stage", "production"},
                {"webhooks:add", "-i", "api:release", "-l", "notify", "-u", "https://example.com/hook", "-a", PROBE},
                {"drains:add", "syslog://example.com:514", "-a", PROBE}}) {
            assertCliError(owner.run(command), "");
        }
        // where Slipway has none of a thing, the list is honestly empty
        assertTrue(owner.ok("certs", "-a", PROBE).contains("has no SSL certificates"), "certs");
    }

    @Test
    @Order(3)
    void addons_create_list_info_and_destroy_a_postgres_database() {
        String name = PG_APP;
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
        String other = PROBE; // the owner's other app (step 2)
        assertCliError(owner.run("addons:create", "heroku-postgresql", "--name", addonName, "-a", other), "already taken");
        assertCliError(owner.run("addons:destroy", addonName, "-a", other, "--confirm", other),
                addonName + " is on " + name + " not " + other);

        String destroyed = owner.ok("addons:destroy", addonName, "-a", name, "--confirm", name);
        assertTrue(destroyed.contains("Destroying " + addonName) && destroyed.contains("done"), destroyed);
        assertTrue(owner.ok("addons", "-a", name).contains("No add-ons for app " + name), "no add-ons left");
        assertFalse(owner.ok("config", "-a", name).contains("DATABASE_URL"), "the var went with the add-on");
        assertTrue(owner.ok("releases", "-a", name).contains("Detach DATABASE (" + addonName + ")"), "releases");
    }
}
