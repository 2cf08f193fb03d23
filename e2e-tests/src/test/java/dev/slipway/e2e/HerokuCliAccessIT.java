package dev.slipway.e2e;

import static dev.slipway.e2e.CliOutput.assertCliError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The real heroku CLI sharing an app and handing out keys: access (collaborators, strangers
 * refused) and authorizations (a new key, revoked everywhere within a second). Real: the CLI,
 * the platform as {@code ./slipway up} starts it, git, dynos, HTTP through the router. Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HerokuCliAccessIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String APP = platform.app("clidemo");
    private static final String COLLABORATOR = platform.email("collab");
    private static final String STRANGER = platform.email("stranger");

    @TempDir
    static Path work;
    private Slipway slipway;
    private HerokuCli owner;
    private NodeApp app;

    @BeforeAll
    void theOwnersCliAndADeployedApp() throws Exception {
        slipway = platform.slipway();
        owner = HerokuCli.user(slipway.routerUrl(), slipway.apiKey(), work.resolve("owner"));
        app = new NodeApp(Files.createDirectories(work.resolve("clidemo")));
        owner.ok("apps:create", APP);
        owner.ok(app.dir(), "git:remote", "-a", APP);
        app.version("one");
        Shell.Result push = owner.push(app.dir());
        assertEquals(0, push.exitCode(), push.output());
        slipway.awaitApp(APP, "one dyno=web.1");
    }

    @Test
    @Order(1)
    void collaborators_share_the_app_and_strangers_are_refused() throws Exception {
        HerokuCli collaborator = HerokuCli.user(slipway.routerUrl(), slipway.newAccountKey(COLLABORATOR),
                work.resolve("collaborator"));
        HerokuCli stranger = HerokuCli.user(slipway.routerUrl(), slipway.newAccountKey(STRANGER),
                work.resolve("stranger"));
        assertCliError(collaborator.run("apps:info", "-a", APP), "");

        owner.ok("access:add", COLLABORATOR, "-a", APP);
        assertTrue(owner.ok("access", "-a", APP).contains(COLLABORATOR), "access lists the collaborator");
        slipway.await("the collaborator sees the app", () -> collaborator.run("apps").output().contains(APP));
        assertTrue(collaborator.ok("config:set", "FROM_COLLABORATOR=yes", "-a", APP).contains("v"), "config:set");
        slipway.awaitApp(APP, "dyno=web.1");

        assertCliError(stranger.run("apps:info", "-a", APP), "");
        assertCliError(stranger.run("config", "-a", APP), "");
        assertFalse(stranger.ok("apps").contains(APP), "a stranger's apps list lacks the app");
        Shell.Result strangerPush = stranger.push(app.dir());
        assertNotEquals(0, strangerPush.exitCode(), strangerPush.output());

        owner.ok("access:remove", COLLABORATOR, "-a", APP);
        slipway.await("the former collaborator is refused",
                () -> collaborator.run("apps:info", "-a", APP).exitCode() != 0);
    }

    @Test
    @Order(2)
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
        Api withRevoked = slipway.api().withKey(token);
        // the CLI's https remote, as git pushes to it: http, with the key in the credential helper
        String gitUrl = slipway.routerUrl() + "/" + APP + ".git";
        slipway.await("the revoked key is refused by every service and by git", () ->
                withRevoked.get("/apps/" + APP).status() == 401
                        && withRevoked.get("/apps/" + APP + "/releases").status() == 401
                        && withRevoked.get("/apps/" + APP + "/dynos").status() == 401
                        && withRevoked.get("/apps/" + APP + "/builds").status() == 401
                        && Shell.run(app.dir(), withToken.env(), "git", "ls-remote", gitUrl).exitCode() != 0);
        long lockoutMs = (System.nanoTime() - revoked) / 1_000_000;
        System.out.printf("e2e: revoked key refused everywhere after %d ms%n", lockoutMs);
        assertTrue(lockoutMs < 1000, "revocation took " + lockoutMs + " ms");
    }
}
