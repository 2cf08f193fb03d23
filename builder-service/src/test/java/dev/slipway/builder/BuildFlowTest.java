package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.builder.domain.Build;
import dev.slipway.builder.domain.BuildService;
import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.BuildLogLine;
import dev.slipway.events.BuildStarted;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.Event;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.PushReceived;
import dev.slipway.events.RuntimeLayer;
import dev.slipway.events.SlugBuilt;
import dev.slipway.kit.Db;
import dev.slipway.kit.InternalAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: builder-service, PostgreSQL and Kafka from devstack, the built-in buildpack scripts, the
 * host's node and npm (with the public npm registry). Faked: config-service and git-gateway,
 * whose events the test produces to Kafka itself, and git-gateway's source archive, which a
 * small HTTP server in the test serves.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "builder"))
class BuildFlowTest {
    private static Platform platform;
    private static SourceServer sources;

    @Inject
    Db db;

    @Inject
    BuildService buildService;

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
    void nodeAppBuildsIntoADownloadableSlug() throws IOException {
        Platform.TestApp app = platform.newApp();
        platform.publish(new ConfigVarsChanged(app.id(), 1, Map.of("GREETING", "hi"), app.email()));
        Map<String, String> files = Map.of(
                "package.json", """
                        {"name": "hello", "version": "1.0.0",
                         "scripts": {"start": "node server.js", "build": "node build.js"},
                         "dependencies": {"ms": "2.1.3"}}""",
                "build.js", "require('fs').writeFileSync('greeting.txt', process.env.GREETING || 'unset');\n",
                "server.js", "const ms = require('ms'); console.log(ms(60000));\n");
        UUID push = Builds.push(platform, sources, app, files);
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("succeeded", build.getString("status"), build.prettify());

        List<EventEnvelope> events = platform.buildEvents(app.id());
        assertTrue(events.getFirst().payload() instanceof BuildStarted, events.toString());
        List<String> lines = events.stream().map(EventEnvelope::payload)
                .filter(BuildLogLine.class::isInstance).map(e -> ((BuildLogLine) e).line()).toList();
        assertEquals("-----> Building on the Slipway stack", lines.getFirst());
        assertTrue(lines.contains("-----> Using buildpack: heroku/nodejs"), lines.toString());
        assertTrue(lines.contains("-----> Node.js app detected"), lines.toString());
        assertTrue(lines.contains("-----> Launching..."), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("       Resolved node version:")), lines.toString());
        SlugBuilt slug = Builds.single(events, SlugBuilt.class);
        assertEquals(Map.of("web", "npm start"), slug.processTypes());
        assertEquals("heroku/nodejs", slug.buildpack());
        assertEquals(push, slug.pushId());
        assertTrue(slug.slugId().matches("[0-9a-f]{64}"));
        assertTrue(slug.slugUrl().endsWith("/internal/slugs/" + slug.slugId()));
        assertEquals(slug.slugId(), build.getString("slug.id"));
        assertEquals(List.of("heroku/nodejs"), build.getList("buildpacks.name"));
        assertEquals(app.email(), build.getString("user.email"));
        assertEquals(app.accountId().toString(), build.getString("user.id"));

        Map<String, byte[]> slugFiles = Builds.slugContents(slug.slugId());
        assertTrue(slugFiles.containsKey("server.js"), slugFiles.keySet().toString());
        assertTrue(slugFiles.containsKey("node_modules/ms/package.json"), slugFiles.keySet().toString());
        // the registry's node is a runtime layer the slug names, not part of the slug
        assertFalse(slugFiles.keySet().stream().anyMatch(f -> f.startsWith(".heroku/node/")), slugFiles.keySet().toString());
        assertEquals(1, slug.layers().size(), slug.layers().toString());
        RuntimeLayer node = slug.layers().getFirst();
        assertEquals("/app/.heroku/node", node.mount());
        assertTrue(node.url().endsWith("/internal/layers/" + node.id()));
        byte[] layer = given().header(InternalAuth.HEADER, Devstack.shared().internalToken())
                .get("/internal/layers/" + node.id()).then().statusCode(200).extract().asByteArray();
        assertEquals(node.id(), HexFormat.of().formatHex(sha256(layer)));
        assertTrue(new String(layer, StandardCharsets.ISO_8859_1).contains("bin/node"), "node is in the layer");
        given().header(InternalAuth.HEADER, Devstack.shared().internalToken())
                .get("/internal/layers/" + "0".repeat(64)).then().statusCode(404);
        given().header(InternalAuth.HEADER, Devstack.shared().internalToken())
                .get("/internal/layers/not-a-sha256").then().statusCode(400);
        assertTrue(slugFiles.containsKey(".profile.d/nodejs.sh"), "the dyno puts that node on its PATH");
        assertEquals("hi", new String(slugFiles.get("greeting.txt"), StandardCharsets.UTF_8), "config vars reach the build");
        assertTrue(Files.isDirectory(home().resolve("cache").resolve(app.id().toString()).resolve("nodejs/npm")),
                "npm's cache is kept in CACHE_DIR");
        assertTrue(Files.notExists(home().resolve("work").resolve(build.getString("id"))),
                "the work dir is removed");

        given().header("Authorization", app.bearer())
                .get("/apps/" + app.name() + "/builds/" + build.getString("id") + "/output")
                .then().statusCode(200).contentType(containsString("text/plain"))
                .body(containsString("-----> Compressing..."), containsString("Done: "));

        // the same tree again: a cached install and the very same slug
        UUID again = Builds.push(platform, sources, app, files);
        JsonPath second = Builds.awaitBuild(app, again);
        assertEquals("succeeded", second.getString("status"));
        assertEquals(slug.slugId(), second.getString("slug.id"));
        SlugBuilt secondSlug = platform.buildEvents(app.id()).stream().map(EventEnvelope::payload)
                .filter(e -> e instanceof SlugBuilt b && b.pushId().equals(again)).map(SlugBuilt.class::cast)
                .findFirst().orElseThrow();
        assertEquals(slug.layers(), secondSlug.layers(), "the same node: the same layer");

        // deleting the app frees its build cache; the slug stays for the releases that use it
        platform.publish(new AppDeleted(app.id(), app.name()));
        Path cache = home().resolve("cache").resolve(app.id().toString());
        Platform.await(() -> Files.exists(cache), exists -> !exists, Duration.ofSeconds(30));
        given().header(InternalAuth.HEADER, Devstack.shared().internalToken()).get("/internal/slugs/" + slug.slugId()).then().statusCode(200);
        given().header(InternalAuth.HEADER, Devstack.shared().internalToken()).get("/internal/layers/" + node.id()).then().statusCode(200);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void buildsOfOneAppRunOneAtATime() {
        Platform.TestApp app = platform.newApp();
        UUID first = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./one"));
        UUID second = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./two"));
        assertEquals("succeeded", Builds.awaitBuild(app, first).getString("status"));
        assertEquals("succeeded", Builds.awaitBuild(app, second).getString("status"));
        List<Event> events = platform.buildEvents(app.id()).stream().map(EventEnvelope::payload).toList();
        int firstEnds = -1;
        int secondStarts = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof SlugBuilt s && s.pushId().equals(first)) {
                firstEnds = i;
            }
            if (secondStarts < 0 && events.get(i) instanceof BuildLogLine l && l.pushId().equals(second)) {
                secondStarts = i;
            }
        }
        assertTrue(firstEnds >= 0 && firstEnds < secondStarts, "second build ran after the first: " + events);
    }

    @Test
    void procfileAppUsesItsProcfileAndWarnsAboutBadLines() {
        Platform.TestApp app = platform.newApp();
        UUID push = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./run.sh\nnot a process line\nworker: ./work.sh\n",
                "run.sh*", "#!/bin/sh\necho hi\n"));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("succeeded", build.getString("status"), build.prettify());
        List<EventEnvelope> events = platform.buildEvents(app.id());
        SlugBuilt slug = Builds.single(events, SlugBuilt.class);
        assertEquals(Map.of("web", "./run.sh", "worker", "./work.sh"), slug.processTypes());
        assertEquals("heroku/procfile", slug.buildpack());
        String output = Builds.output(app, build.getString("id"));
        assertTrue(output.contains("       Procfile declares types -> web, worker"), output);
        assertTrue(output.contains("not a process line"), output);
    }

    @Test
    void invalidPackageJsonFailsTheBuild() {
        Platform.TestApp app = platform.newApp();
        platform.publish(new AppUpdated(app.id(), app.name(), false, List.of("heroku/nodejs")));
        UUID push = Builds.push(platform, sources, app, Map.of("package.json", "{ this is not json", "Procfile", "web: node x.js"));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("failed", build.getString("status"));
        BuildFailed failed = Builds.single(platform.buildEvents(app.id()), BuildFailed.class);
        assertTrue(failed.reason().startsWith("Build failed: heroku/nodejs compile exited with 1: Unable to parse package.json"), failed.reason());
        assertTrue(Builds.output(app, build.getString("id")).contains("Unable to parse package.json"));
    }

    @Test
    void undetectableAppFailsWithHerokusMessage() {
        Platform.TestApp app = platform.newApp();
        UUID push = Builds.push(platform, sources, app, Map.of("README.md", "nothing to run here\n"));
        // a redelivered push (same push id, new event id) must not build twice
        platform.publish(new PushReceived(app.id(), push, "refs/heads/main", Builds.commitOf(push),
                sources.serve(push, Map.of("README.md", "x")), app.email()));
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("failed", build.getString("status"));
        BuildFailed failed = Builds.single(platform.buildEvents(app.id()), BuildFailed.class);
        assertEquals("No default language could be detected for this app.", failed.reason());
        assertEquals(1, given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds")
                .then().statusCode(200).extract().jsonPath().getList("$").size());
    }

    @Test
    void aBuildLeftPendingByACrashIsFailedAtStartUp() {
        Platform.TestApp app = platform.newApp();
        Builds.awaitApp(app);
        UUID push = UUID.randomUUID();
        // what a crash leaves behind: the build and its BuildStarted committed, the worker gone
        Build orphan = db.inTransaction(tx -> buildService.create(tx, new PushReceived(app.id(), push,
                "refs/heads/main", Builds.commitOf(push), "http://127.0.0.1:9/never", app.email())));
        assertEquals(1, buildService.failInterrupted());
        JsonPath build = Builds.awaitBuild(app, push);
        assertEquals("failed", build.getString("status"));
        assertEquals(orphan.id().toString(), build.getString("id"));
        BuildFailed failed = Platform.await(() -> platform.buildEvents(app.id()).stream().map(EventEnvelope::payload)
                .filter(BuildFailed.class::isInstance).map(BuildFailed.class::cast).findFirst().orElse(null),
                f -> f != null, Duration.ofSeconds(30));
        assertTrue(failed.reason().startsWith("Build interrupted"), failed.reason());
        assertTrue(Builds.output(app, build.getString("id")).contains("Push again to rebuild."));
    }

    /** The service's own directory under the SLIPWAY_HOME the test resource gave it. */
    private static Path home() {
        return Path.of(ConfigProvider.getConfig().getValue("slipway.home", String.class)).resolve("builder-service");
    }

    @Test
    void badRequestsAreRefused() {
        Platform.TestApp app = platform.newApp();
        Builds.awaitApp(app);
        given().get("/apps/" + app.name() + "/builds").then().statusCode(401).body("id", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/apps/" + app.name() + "/builds").then().statusCode(401);
        given().header("Authorization", app.bearer()).get("/apps/no-such-app/builds").then().statusCode(404);
        given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds/not-a-uuid")
                .then().statusCode(404).body("id", equalTo("not_found"));
        given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds/" + UUID.randomUUID())
                .then().statusCode(404);
        given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds/" + UUID.randomUUID() + "/output")
                .then().statusCode(404);
        Platform.TestApp other = platform.newApp();
        Builds.awaitApp(other);
        given().header("Authorization", other.bearer()).get("/apps/" + app.name() + "/builds").then().statusCode(403);
        given().header(InternalAuth.HEADER, Devstack.shared().internalToken()).get("/internal/slugs/not-hex").then().statusCode(400).body("id", equalTo("bad_request"));
        given().header(InternalAuth.HEADER, Devstack.shared().internalToken()).get("/internal/slugs/" + "0".repeat(63) + "g").then().statusCode(400);
        given().header(InternalAuth.HEADER, Devstack.shared().internalToken()).get("/internal/slugs/" + "0".repeat(64)).then().statusCode(404);
        // without the platform's service credential (service-kit InternalAuth): refused before the resource
        given().get("/internal/slugs/" + "0".repeat(64)).then().statusCode(401).body("id", equalTo("unauthorized"));
    }

}
