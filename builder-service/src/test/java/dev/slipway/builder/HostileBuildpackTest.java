package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.builder.domain.BuildOutputRetention;
import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.SlugBuilt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile custom buildpacks and buildpack URLs against the real builder-service, PostgreSQL and
 * Kafka from devstack, real git (repositories served by git daemon in a network namespace standing
 * for the internet) and real sandboxes (runc) for every step.
 * Faked: config-service and git-gateway, whose events the test produces, and git-gateway's
 * source archive, served by a small HTTP server in the test.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "builder"))
class HostileBuildpackTest {
    private static Platform platform;
    private static SourceServer sources;
    /** The app of the last {@link #failedWith} call. */
    private static Platform.TestApp lastApp;

    @Inject
    BuildOutputRetention retention;

    @BeforeAll
    static void start() throws IOException {
        platform = new Platform();
        sources = new SourceServer();
    }

    @AfterAll
    static void stop() {
        if (sources != null) {
            sources.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aFileUrlIsRefusedBeforeGitRuns() throws Exception {
        Path local = Files.createTempDirectory("local-buildpack");
        Builds.git(local, "init", "-q");
        String entry = local.toUri().toString();
        assertEquals("Buildpack " + entry + " is not a valid buildpack URL: use an https://, http:// or git:// URL, "
                + "optionally with #branch, #tag or #commit, or a buildpack name such as heroku/nodejs.", failedWith(entry));
        assertNoCheckout(lastApp);
    }

    @Test
    void aFragmentThatLooksLikeAnOptionNeverReachesGit() throws Exception {
        Path marker = Files.createTempDirectory("upload-pack").resolve("ran");
        Path evil = Files.writeString(marker.resolveSibling("evil.sh"), "#!/bin/sh\ntouch " + marker + "\n");
        evil.toFile().setExecutable(true);
        String url = Builds.gitBuildpack(Map.of("detect", "#!/bin/sh\necho X\n", "compile", "#!/bin/sh\n"));
        String reason = failedWith(url + "#--upload-pack=" + evil);
        assertTrue(reason.endsWith("is not a valid buildpack URL: use an https://, http:// or git:// URL, optionally "
                + "with #branch, #tag or #commit, or a buildpack name such as heroku/nodejs."), reason);
        assertTrue(Files.notExists(marker), "git ran the upload-pack program");
        assertNoCheckout(lastApp);
    }

    @Test
    void scpLikeAndSshUrlsAreRefused() {
        assertTrue(failedWith("git@github.com:org/buildpack.git").startsWith("Buildpack git@github.com:org/buildpack.git "
                + "is not available here"));
        assertTrue(failedWith("ssh://git@127.0.0.1/x.git").contains("is not a valid buildpack URL"));
    }

    @Test
    void aBuildpackOfARefIsCheckedOutAtThatRef() throws Exception {
        String url = Builds.gitBuildpack(Map.of("detect", "#!/bin/sh\necho Main\n", "compile", "#!/bin/sh\n"));
        Platform.TestApp app = appWith(url + "#main");
        JsonPath build = Builds.awaitBuild(app, Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x")));
        assertEquals("succeeded", build.getString("status"), Builds.output(app, build.getString("id")));
        assertTrue(Builds.output(app, build.getString("id")).contains("-----> Main app detected"));
    }

    @Test
    void twoAppsWithTheSameBuildpackDoNotShareACheckout() throws Exception {
        // the first app's compile tries to plant a line into its buildpack, as a hostile build
        // would (the quotes keep the word PLANTED itself out of the script)
        String url = Builds.gitBuildpack(Map.of("detect", "#!/bin/sh\necho Shared\n",
                "compile", "#!/bin/sh\necho '-----> compiling'\n"
                        + "if [ -f \"$1/plant\" ]; then echo 'echo PLANT''ED' 2>/dev/null >> \"$0\" || echo refused; fi\n"
                        + "exit 0\n"));
        Platform.TestApp first = appWith(url);
        Platform.TestApp second = appWith(url);
        JsonPath one = Builds.awaitBuild(first, Builds.push(platform, sources, first,
                Map.of("Procfile", "web: ./x", "plant", "yes")));
        assertEquals("succeeded", one.getString("status"));
        // the compile may write only into its own copy of the buildpack (for $BP_DIR/export)
        JsonPath two = Builds.awaitBuild(second, Builds.push(platform, sources, second, Map.of("Procfile", "web: ./x")));
        assertEquals("succeeded", two.getString("status"));
        assertFalse(Builds.output(second, two.getString("id")).contains("PLANTED"), "the second app ran the first's plant");
        Path clones = HostileSourceTest.home().resolve("buildpack-clones");
        Path firstCheckout = onlyChild(clones.resolve(first.id().toString()));
        Path secondCheckout = onlyChild(clones.resolve(second.id().toString()));
        assertNotEquals(firstCheckout, secondCheckout);
        assertFalse(Files.readString(firstCheckout.resolve("bin/compile")).contains("PLANTED"));
        assertFalse(Files.readString(secondCheckout.resolve("bin/compile")).contains("PLANTED"));
    }

    @Test
    void longLinesAreSplitAndNulBytesEscaped() throws Exception {
        String url = Builds.gitBuildpack(Map.of("detect", "#!/bin/sh\necho Noisy\n",
                "compile", "#!/bin/sh\nhead -c 25000 /dev/zero | tr '\\0' 'x'\necho\nprintf 'a\\000b\\n'\n"));
        Platform.TestApp app = appWith(url);
        JsonPath build = Builds.awaitBuild(app, Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x")));
        String output = Builds.output(app, build.getString("id"));
        assertEquals("succeeded", build.getString("status"), output);
        List<String> lines = List.of(output.split("\n"));
        assertTrue(lines.contains("x".repeat(10_000)), "split at 10,000 bytes");
        assertTrue(lines.contains("x".repeat(5_000)), "the rest of the line follows");
        assertTrue(lines.contains("a\uFFFDb"), output.substring(Math.max(0, output.length() - 500)));
    }

    @Test
    void tenMegabytesOfOutputStopTheBuild() throws Exception {
        String url = Builds.gitBuildpack(Map.of("detect", "#!/bin/sh\necho Flood\n",
                // lines of 1000 characters: the cap counts bytes, and 10 MB of them are ~10,000 rows to store, not ~200,000
                "compile", "#!/bin/sh\nline=$(head -c 1000 /dev/zero | tr '\\0' x)\nwhile :; do echo \"$line\"; done\n"));
        Platform.TestApp app = appWith(url);
        JsonPath build = Builds.awaitBuild(app, Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x")));
        assertEquals("failed", build.getString("status"));
        assertEquals("Build failed: the build printed more than 10 MB of output and was stopped. Make it quieter and "
                + "push again.", build.getString("failure_reason"));
        String output = Builds.output(app, build.getString("id"));
        assertTrue(output.length() < 10 * 1024 * 1024 + 4096, "stored output stays under the cap: " + output.length());
        assertTrue(output.endsWith(" !     " + build.getString("failure_reason") + "\n"));
    }

    @Test
    void aDetectThatPrintsMegabytesFailsTheBuild() throws Exception {
        String url = Builds.gitBuildpack(Map.of("detect", "#!/bin/sh\nhead -c 3000000 /dev/zero | tr '\\0' 'x'\n",
                "compile", "#!/bin/sh\n"));
        assertEquals("Build failed: " + url + " detect printed more than 1 MB", failedWith(url));
    }

    @Test
    void onlyTheNewestBuildsOfAnAppKeepTheirOutput() {
        Platform.TestApp app = platform.newApp();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonPath build = Builds.awaitBuild(app, Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x" + i)));
            ids.add(build.getString("id"));
        }
        retention.prune();
        assertEquals("This build's output is no longer kept: only the output of an app's newest builds is.\n",
                Builds.output(app, ids.get(0)));
        for (String kept : ids.subList(1, 4)) {
            assertTrue(Builds.output(app, kept).contains("-----> Launching..."));
        }
        assertEquals(0, retention.prune(), "nothing left to prune");
        given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds/" + ids.get(0))
                .then().statusCode(200);
    }

    private static Platform.TestApp appWith(String buildpack) {
        Platform.TestApp app = platform.newApp();
        platform.publish(new AppUpdated(app.id(), app.name(), false, List.of(buildpack)));
        return app;
    }

    /** A new app with just this buildpack, pushed: its failure reason, after checking nothing was built. */
    private static String failedWith(String buildpack) {
        Platform.TestApp app = appWith(buildpack);
        UUID push = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x"));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("failed", build.getString("status"));
        List<EventEnvelope> events = platform.buildEvents(app.id());
        assertFalse(events.stream().anyMatch(e -> e.payload() instanceof SlugBuilt));
        String reason = Builds.single(events, BuildFailed.class).reason();
        assertTrue(Builds.output(app, build.getString("id")).contains(" !     " + reason));
        lastApp = app;
        return reason;
    }

    private static void assertNoCheckout(Platform.TestApp app) {
        assertTrue(Files.notExists(HostileSourceTest.home().resolve("buildpack-clones").resolve(app.id().toString())),
                "nothing was fetched for a refused URL");
    }

    private static Path onlyChild(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> all = children.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }
}
