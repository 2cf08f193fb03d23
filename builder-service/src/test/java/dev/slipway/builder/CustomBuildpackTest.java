package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.SlugBuilt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: builder-service, PostgreSQL and Kafka from devstack, git (each custom buildpack is a real
 * git repo served by git daemon in a network namespace standing for the internet) fetched and run in sandboxes (runc) and the buildpack scripts in it. Faked:
 * config-service and git-gateway, whose events the test produces, and git-gateway's source
 * archive, served by a small HTTP server in the test.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "builder"))
class CustomBuildpackTest {
    private static Platform platform;
    private static SourceServer sources;

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
    void customBuildpackFromGitRunsThroughTheSameCodePath() throws Exception {
        String url = Builds.gitBuildpack(Map.of(
                "detect", "#!/bin/sh\n[ -f \"$1/hello.txt\" ] && echo Hello\n",
                "compile", "#!/bin/sh\necho '-----> Custom compile'\necho built > \"$1/built.txt\"\n"
                        + "echo \"cache: $2\" >&2\n",
                "release", "#!/bin/sh\necho '---'\necho 'default_process_types:'\necho '  web: ./serve'\n"));

        Platform.TestApp app = platform.newApp();
        platform.publish(new AppUpdated(app.id(), app.name(), false, List.of(url)));
        UUID push = Builds.push(platform, sources, app, Map.of("hello.txt", "hello", "Procfile", "worker: ./work"));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("succeeded", build.getString("status"), Builds.output(app, build.getString("id")));
        SlugBuilt slug = Builds.single(platform.buildEvents(app.id()), SlugBuilt.class);
        assertEquals(url, slug.buildpack());
        assertEquals(Map.of("web", "./serve", "worker", "./work"), slug.processTypes());
        assertTrue(Builds.slugContents(slug.slugId()).containsKey("built.txt"));
        String output = Builds.output(app, build.getString("id"));
        assertTrue(output.contains("-----> Hello app detected"), output);
        assertTrue(output.contains("-----> Custom compile"), output);
        assertTrue(output.contains("cache: "), "stderr is merged into the output: " + output);
    }

    @Test
    void aCompileThatRunsTooLongIsKilled() throws Exception {
        String url = Builds.gitBuildpack(Map.of(
                "detect", "#!/bin/sh\necho Slow\n",
                "compile", "#!/bin/sh\necho '-----> Sleeping'\nsleep 300\n"));

        Platform.TestApp app = platform.newApp();
        platform.publish(new AppUpdated(app.id(), app.name(), false, List.of(url)));
        long started = System.currentTimeMillis();
        UUID push = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x"));
        String running = Platform.await(() -> given().header("Authorization", app.bearer())
                .get("/apps/" + app.name() + "/builds").then().extract().jsonPath().getString("[0].id"),
                id -> id != null, Duration.ofSeconds(30));
        // the output stream follows the running build and ends with it
        String streamed = Builds.output(app, running);
        assertTrue(streamed.contains("-----> Sleeping"), streamed);
        assertTrue(streamed.contains(" !     Build failed: " + url + " compile timed out"), streamed);
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("failed", build.getString("status"));
        assertTrue(System.currentTimeMillis() - started < 120_000, "killed at the limit, not after sleep 300");
        assertEquals("Build failed: " + url + " compile timed out after 30 seconds and was killed",
                Builds.single(platform.buildEvents(app.id()), BuildFailed.class).reason());
    }

    @Test
    void laterBuildpacksSeeWhatEarlierOnesExported() throws Exception {
        String first = Builds.gitBuildpack(Map.of(
                "detect", "#!/bin/sh\necho First\n",
                "compile", "#!/bin/sh\nbp=$(cd \"$(dirname \"$0\")/..\"; pwd)\n"
                        + "echo 'export GREETING=\"hello from the first\"' > \"$bp/export\"\n"));
        String second = Builds.gitBuildpack(Map.of(
                "detect", "#!/bin/sh\necho Second\n",
                "compile", "#!/bin/sh\necho \"$GREETING\" > \"$1/greeting.txt\"\n",
                "release", "#!/bin/sh\necho '---'\n"));

        Platform.TestApp app = platform.newApp();
        platform.publish(new AppUpdated(app.id(), app.name(), false, List.of(first, second)));
        UUID push = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x"));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("succeeded", build.getString("status"), Builds.output(app, build.getString("id")));
        SlugBuilt slug = Builds.single(platform.buildEvents(app.id()), SlugBuilt.class);
        assertEquals("hello from the first\n",
                new String(Builds.slugContents(slug.slugId()).get("greeting.txt"), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aFailedCompileSaysWhichBuildpackFailedAndWhy() throws Exception {
        String url = Builds.gitBuildpack(Map.of(
                "detect", "#!/bin/sh\necho Picky\n",
                "compile", "#!/bin/sh\necho '-----> Checking'\necho ' !     The app has no widget.toml: add one.'\nexit 3\n"));

        Platform.TestApp app = platform.newApp();
        platform.publish(new AppUpdated(app.id(), app.name(), false, List.of(url)));
        UUID push = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x"));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("failed", build.getString("status"));
        String reason = "Build failed: " + url + " compile exited with 3: The app has no widget.toml: add one.";
        assertEquals(reason, Builds.single(platform.buildEvents(app.id()), BuildFailed.class).reason());
        assertEquals(reason, build.getString("failure_reason"));
    }
}
