package dev.slipway.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.SlugBuilt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pushes a tenant could craft, against the real builder-service with PostgreSQL and Kafka from
 * devstack and the built-in buildpacks. Faked: config-service and git-gateway (the test produces
 * their events) and git-gateway's source archive (a small HTTP server in the test). Each case
 * checks the clear reason, that the secret never shows, and that nothing was left half-written:
 * no slug, no work dir, no temporary slug file.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "builder"))
class HostileSourceTest {
    private static final String SECRET = "slw_not_for_tenants_" + UUID.randomUUID();
    private static Platform platform;
    private static SourceServer sources;
    private static Path secretFile;

    @BeforeAll
    static void start() throws IOException {
        platform = new Platform();
        sources = new SourceServer();
        secretFile = Files.writeString(Files.createTempDirectory("platform-home").resolve("api-key"), SECRET);
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
    void aProcfileLinkedToAnAbsolutePathOutsideIsRefusedAndNeverPrinted() {
        String reason = refused(Map.of("Procfile@", secretFile.toString()));
        assertEquals("Procfile is a symbolic link that leads outside the app (to " + secretFile + "): the builder "
                + "does not follow links out of the app. Commit the file itself and push again.", reason);
    }

    @Test
    void aProcfileLinkClimbingOutOfTheBuildDirIsRefusedAndNeverPrinted() {
        String climb = "../".repeat(40) + secretFile.toString().substring(1);
        String reason = refused(Map.of("Procfile@", climb, "run.sh*", "#!/bin/sh\n"));
        assertTrue(reason.startsWith("Procfile is a symbolic link that leads outside the app (to ../../"), reason);
    }

    @Test
    void aPackageJsonLinkedOutIsRefusedBeforeNpmCouldPrintIt() {
        String reason = refused(Map.of("package.json@", secretFile.toString(), "Procfile", "web: node x.js"));
        assertTrue(reason.startsWith("package.json is a symbolic link that leads outside the app"), reason);
    }

    @Test
    void aProcfileLinkInsideTheTreeIsFollowed() {
        Platform.TestApp app = platform.newApp();
        UUID push = Builds.push(platform, sources, app,
                Map.of("Procfile@", "config/Procfile.prod", "config/Procfile.prod", "web: ./serve\n"));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("succeeded", build.getString("status"), Builds.output(app, build.getString("id")));
        assertEquals(Map.of("web", "./serve"), Builds.single(platform.buildEvents(app.id()), SlugBuilt.class).processTypes());
    }

    @Test
    void aNulInAProcfileCommandFailsTheBuildWithAClearLine() {
        String reason = refused(Map.of("Procfile", "web: node\0 server.js\n"));
        assertEquals("Procfile: the command of process type web contains a control character (U+0000), which is not "
                + "allowed. Remove it and push again.", reason);
    }

    @Test
    void tooManyEntriesInTheSourceFailTheBuild() {
        Map<String, String> files = new HashMap<>(Map.of("Procfile", "web: ./x"));
        for (int i = 0; i < 1000; i++) {
            files.put("many/f" + i, "x");
        }
        assertEquals("The pushed source has more than 1000 files and directories.", refused(files));
    }

    @Test
    void tooLargeASourceFailsTheBuild() {
        assertEquals("The pushed source is larger than 8 MB unpacked.",
                refused(Map.of("Procfile", "web: ./x", "big.txt", "x".repeat(9 * 1024 * 1024))));
    }

    /** Pushes the files to a new app, expects a failed build and returns its reason, after the common checks. */
    private static String refused(Map<String, String> files) {
        Platform.TestApp app = platform.newApp();
        UUID push = Builds.push(platform, sources, app, files);
        JsonPath build = Builds.awaitBuild(app, push);
        String output = Builds.output(app, build.getString("id"));
        assertEquals("failed", build.getString("status"), output);
        List<EventEnvelope> events = platform.buildEvents(app.id());
        BuildFailed failed = Builds.single(events, BuildFailed.class);
        assertFalse(events.stream().anyMatch(e -> e.payload() instanceof SlugBuilt), "no slug: " + events);
        assertTrue(output.contains(" !     " + failed.reason()), output);
        assertEquals(failed.reason(), build.getString("failure_reason"));
        assertFalse(output.contains(SECRET) || events.toString().contains(SECRET), "the secret leaked: " + output);
        assertFalse(output.contains("\0"), "no NUL reaches the output: " + output);
        assertTrue(Files.notExists(home().resolve("work").resolve(build.getString("id"))), "the work dir is removed");
        assertTrue(noTemporarySlugs(), "no half-written slug");
        return failed.reason();
    }

    private static boolean noTemporarySlugs() {
        Path slugs = home().resolve("slugs");
        if (!Files.isDirectory(slugs)) {
            return true;
        }
        try (Stream<Path> files = Files.list(slugs)) {
            return files.noneMatch(f -> f.getFileName().toString().startsWith("tmp-"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path home() {
        return Path.of(ConfigProvider.getConfig().getValue("slipway.home", String.class)).resolve("builder-service");
    }
}
