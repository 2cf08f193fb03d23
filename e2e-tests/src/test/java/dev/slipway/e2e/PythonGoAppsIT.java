package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * Python and Go apps pushed with no buildpack set. Real: the whole platform (six services, Kafka,
 * PostgreSQL, sandboxed builds and dynos), git, the host's Debian Python 3.11 and Go 1.19 / 1.23,
 * pip with a wheel committed in the app, HTTP through the router. Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonGoAppsIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String PY = platform.app("py");
    private static final String OLD = platform.app("old");
    private static final String GO119 = platform.app("go119");
    private static final String GO123 = platform.app("go123");
    private static final String VENDORED = platform.app("vendored");

    @TempDir
    static Path work;
    private Slipway slipway;
    private FixtureApp python;

    @BeforeAll
    void onThePlatform() {
        slipway = platform.slipway();
    }

    @Test
    @Order(1)
    void aPythonAppInstallsItsCommittedWheelOnThePythonItAsksForAndServes() throws Exception {
        python = FixtureApp.of("python-app", Files.createDirectories(work.resolve("py")));
        Shell.Result push = slipway.awaitPushAccepted(python, slipway.createApp(PY));
        assertTrue(push.output().contains("-----> Using Python 3.11 specified in .python-version"), push.output());
        assertTrue(push.output().contains("Successfully installed slipway-greeting-1.0.0"), push.output());
        String body = slipway.awaitApp(PY, "hello python from slipway-greeting 1.0.0");
        assertTrue(body.contains("python=3.11.") && body.contains("prefix=/app/.heroku/python"), body);
    }

    @Test
    @Order(2)
    void aWarmPythonPushInstallsNothing() {
        Shell.Result push = python.touch().push(slipway.gitUrl(PY));
        assertEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("nothing to install"), push.output());
        assertFalse(push.output().contains("Successfully installed"), push.output());
    }

    @Test
    @Order(3)
    void aPythonVersionThatIsNotInstalledFailsWithTheList() throws Exception {
        FixtureApp old = FixtureApp.of("python-missing-version", Files.createDirectories(work.resolve("old")));
        Shell.Result push = slipway.awaitPushAnswered(old, slipway.createApp(OLD));
        assertNotEquals(0, push.exitCode(), push.output());
        assertTrue(push.output().contains("Python 3.7 is not available on this platform."), push.output());
        assertTrue(push.output().contains("Available: 3.11."), push.output());
    }

    @Test
    @Order(4)
    void goAppsBuildWithTheGoTheirGoModAsksFor() throws Exception {
        FixtureApp go119 = FixtureApp.of("go-app-1.19", Files.createDirectories(work.resolve("go119")));
        Shell.Result push = slipway.awaitPushAccepted(go119, slipway.createApp(GO119));
        assertTrue(push.output().contains("-----> Using go1.19."), push.output());
        slipway.awaitApp(GO119, "built with go1.19.");

        FixtureApp go123 = FixtureApp.of("go-app-1.23", Files.createDirectories(work.resolve("go123")));
        push = slipway.awaitPushAccepted(go123, slipway.createApp(GO123));
        assertTrue(push.output().contains("-----> Using go1.23."), push.output());
        slipway.awaitApp(GO123, "built with go1.23.");

        Shell.Result warm = go123.touch().push(slipway.gitUrl(GO123));
        assertEquals(0, warm.exitCode(), warm.output());
        assertTrue(warm.output().contains("Nothing compiled: every package came from the build cache."), warm.output());
    }

    @Test
    @Order(5)
    void aVendoredGoModuleBuildsWithoutAProxy() throws Exception {
        FixtureApp vendored = FixtureApp.of("go-vendored", Files.createDirectories(work.resolve("vendored")));
        Shell.Result push = slipway.awaitPushAccepted(vendored, slipway.createApp(VENDORED));
        assertTrue(push.output().contains("GOFLAGS=-mod=vendor"), push.output());
        slipway.awaitApp(VENDORED, "hello vendored go from example.com/greeting v1.0.0");
    }
}
