package dev.slipway.git;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.BuildLogLine;
import dev.slipway.events.BuildStarted;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.PushReceived;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import dev.slipway.events.SlugBuilt;
import dev.slipway.git.domain.Push;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.git.persistence.PushRepository;
import dev.slipway.kit.Db;
import dev.slipway.kit.InternalAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: git-gateway, PostgreSQL and Kafka from devstack, git push and clone over smart HTTP with
 * the git binary, the pre-receive hook, curl and the source archive. Faked: config-service,
 * builder-service and release-service, which the test plays by producing their events.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "git"))
class GitPushTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static Platform platform;
    private static final GitClient git = new GitClient();

    @TestHTTPResource("/")
    URL base;

    @Inject
    RepoStore repos;

    @Inject
    Db db;

    @Inject
    PushRepository pushes;

    @BeforeAll
    static void start() {
        platform = new Platform();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private String remote(Platform.TestApp app) {
        return "http://x:" + app.key() + "@" + base.getHost() + ":" + base.getPort() + "/" + app.name() + ".git";
    }

    private Push push(UUID id) {
        return db.read(c -> pushes.find(c, id)).orElseThrow();
    }

    @Test
    void aSuccessfulBuildAndReleaseAcceptThePush() throws Exception {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        Path work = git.newRepo(Map.of("Procfile", "web: node index.js\n", "index.js", "console.log('hi')\n",
                "lib/util.js", "module.exports = 1;\n"));
        String commit = git.head(work);
        CompletableFuture<GitClient.Result> pushing = git.async(work, "push", remote(app), "main");

        PushReceived received = platform.awaitPush(app.id(), LIMIT);
        assertEquals("refs/heads/main", received.ref());
        assertEquals(commit, received.commit());
        assertEquals(app.email(), received.pushedBy());
        assertEquals("pending", push(received.pushId()).status());
        String entries = listArchive(received.sourceUrl());
        assertTrue(entries.contains("Procfile") && entries.contains("index.js") && entries.contains("lib/util.js"), entries);

        UUID buildId = UUID.randomUUID();
        platform.publish(new BuildStarted(app.id(), buildId, received.pushId(), commit));
        platform.publish(new BuildLogLine(app.id(), buildId, received.pushId(), 1, "-----> Node.js app detected"));
        platform.publish(new BuildLogLine(app.id(), buildId, received.pushId(), 2, "       Installing node"));
        platform.publish(new BuildLogLine(app.id(), buildId, received.pushId(), 3, "-----> Build succeeded!"));
        platform.publish(new SlugBuilt(app.id(), buildId, received.pushId(), "abc", "http://builder/slug", 10,
                Map.of("web", "node index.js"), "nodejs", commit));
        platform.publish(new ReleaseCreated(app.id(), app.name(), UUID.randomUUID(), 1, "abc", "http://builder/slug",
                Map.of("web", "node index.js"), Map.of(), "Deploy " + commit.substring(0, 7), commit,
                received.pushId(), Instant.now()));
        UUID dynoId = UUID.randomUUID();
        platform.publish(new DynoStateChanged(app.id(), dynoId, "web.1", "web", 1, "starting", "127.0.0.1", 0));
        assertTrue(!pushing.isDone(), "the push waits for the new release's web dyno");
        platform.publish(new DynoStateChanged(app.id(), dynoId, "web.1", "web", 1, "up", "127.0.0.1", 5000));

        GitClient.Result result = pushing.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        String out = result.output();
        assertEquals(0, result.exit(), out);
        assertTrue(out.contains("remote: -----> Building " + app.name() + " (commit " + commit.substring(0, 7) + ")"), out);
        assertTrue(out.contains("remote: -----> Node.js app detected"), out);
        assertTrue(out.contains("remote:        Installing node"), out);
        assertTrue(out.contains("remote: -----> Build succeeded!"), out);
        assertTrue(out.contains("Released v1"), out);
        assertTrue(out.contains("http://" + app.name() + ".localhost:8080/ deployed to Slipway"), out);
        assertTrue(out.contains("remote: Verifying deploy... done."), out);
        assertTrue(!out.contains("SLIPWAY-PUSH-RESULT"), out);
        assertEquals(commit, repos.revParse(app.id(), "refs/heads/main"));
        Push done = push(received.pushId());
        assertEquals("succeeded", done.status());
        assertEquals(1, done.releaseVersion());

        Path clone = Files.createTempDirectory("clone").resolve("app");
        git.ok(clone.getParent(), "clone", remote(app), clone.toString());
        assertEquals("console.log('hi')\n", Files.readString(clone.resolve("index.js")));

        // git gzips large fetch requests; the gateway must inflate them before upload-pack sees them
        byte[] wantAndDone = ("0032want " + commit + "\n" + "0000" + "0009done\n").getBytes(StandardCharsets.US_ASCII);
        byte[] fetched = given().auth().preemptive().basic("x", app.key())
                .contentType("application/x-git-upload-pack-request").header("Content-Encoding", "gzip")
                .body(gzip(wantAndDone)).when().post("/" + app.name() + ".git/git-upload-pack")
                .then().statusCode(200).contentType("application/x-git-upload-pack-result")
                .extract().asByteArray();
        assertTrue(new String(fetched, StandardCharsets.ISO_8859_1).contains("PACK"));

        GitClient.Result delete = git.run(work, "push", remote(app), ":main");
        assertNotEquals(0, delete.exit(), delete.output());
        assertTrue(delete.output().contains("Refusing to delete the deploy branch main"), delete.output());
        assertEquals(commit, repos.revParse(app.id(), "refs/heads/main"));
    }

    @Test
    void theReleasePhaseShowsInThePushAndAFailedOneStillStoresTheCode() throws Exception {
        for (boolean passes : new boolean[] {true, false}) {
            Platform.TestApp app = platform.newReadyApp(repos, db);
            Path work = git.newRepo(Map.of("Procfile", "web: node index.js\nrelease: node migrate.js\n"));
            String commit = git.head(work);
            CompletableFuture<GitClient.Result> pushing = git.async(work, "push", remote(app), "main");
            PushReceived received = platform.awaitPush(app.id(), LIMIT);
            UUID buildId = UUID.randomUUID();
            UUID releaseId = UUID.randomUUID();
            Map<String, String> types = Map.of("web", "node index.js", "release", "node migrate.js");
            platform.publish(new BuildStarted(app.id(), buildId, received.pushId(), commit));
            platform.publish(new SlugBuilt(app.id(), buildId, received.pushId(), "abc", "http://builder/slug", 10,
                    types, "nodejs", commit));
            // dyno-manager's first line may overtake the release: it travels on another topic
            platform.publish(new ReleasePhaseOutput(app.id(), releaseId, 1, 0, List.of("Migrating 3 tables")));
            platform.publish(new ReleaseCreated(app.id(), app.name(), releaseId, 1, "abc", "http://builder/slug", types,
                    Map.of(), "Deploy " + commit.substring(0, 7), commit, received.pushId(), Instant.now(), null, null,
                    ReleaseCreated.PENDING));
            platform.publish(new ReleasePhaseOutput(app.id(), releaseId, 1, 1, List.of("done")));
            assertTrue(!pushing.isDone(), "the push waits for the release phase");
            UUID dynoId = UUID.randomUUID();
            if (passes) {
                platform.publish(new ReleasePhaseFinished(app.id(), releaseId, 1, "succeeded", 0, null));
                platform.publish(new DynoStateChanged(app.id(), dynoId, "web.1", "web", 1, "up", "127.0.0.1", 5000));
            } else {
                platform.publish(new ReleasePhaseFinished(app.id(), releaseId, 1, "failed", 2,
                        "the release command exited with status 2"));
            }
            GitClient.Result result = pushing.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            String out = result.output();
            assertEquals(0, result.exit(), "the code is stored either way, as on Heroku: " + out);
            // git pads every remote line with spaces: order is checked by position
            int running = out.indexOf("remote: Running release command...");
            assertTrue(running >= 0 && out.indexOf("remote: Migrating 3 tables") > running
                    && out.indexOf("remote: done") > out.indexOf("remote: Migrating 3 tables"), out);
            if (passes) {
                assertTrue(out.indexOf("remote: Verifying deploy... done.") > out.indexOf("remote: Waiting for release.... done.")
                        && out.contains("remote: Waiting for release.... done."), out);
            } else {
                assertTrue(out.contains("remote: Waiting for release.... failed."), out);
                assertTrue(out.contains("Release v1 failed: the release command exited with status 2."), out);
                assertTrue(!out.contains("Verifying deploy"), out);
            }
            assertEquals(commit, repos.revParse(app.id(), "refs/heads/main"));
        }
    }

    @Test
    void aFailedBuildRejectsThePushAndASecondPushWaitsItsTurn() throws Exception {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        Path work = git.newRepo(Map.of("README", "no buildpack here\n"));
        String commit = git.head(work);
        CompletableFuture<GitClient.Result> pushing = git.async(work, "push", remote(app), "main");
        PushReceived received = platform.awaitPush(app.id(), LIMIT);
        UUID buildId = UUID.randomUUID();
        platform.publish(new BuildStarted(app.id(), buildId, received.pushId(), commit));
        platform.publish(new BuildLogLine(app.id(), buildId, received.pushId(), 1, "-----> Detecting buildpack"));

        Path second = git.newRepo(Map.of("other", "x\n"));
        GitClient.Result concurrent = git.run(second, "push", remote(app), "main:master");
        assertNotEquals(0, concurrent.exit(), concurrent.output());
        assertTrue(concurrent.output().contains("a build is already running"), concurrent.output());

        platform.publish(new BuildFailed(app.id(), buildId, received.pushId(), "no buildpack could detect this app"));
        GitClient.Result result = pushing.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertNotEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("remote:  !     Push rejected, no buildpack could detect this app"),
                result.output());
        assertTrue(result.output().contains("pre-receive hook declined"), result.output());
        assertNull(repos.revParse(app.id(), "refs/heads/main"));
        assertNull(repos.revParse(app.id(), "refs/heads/master"));
        Push failed = push(received.pushId());
        assertEquals("failed", failed.status());
        assertEquals("no buildpack could detect this app", failed.failureReason());
    }

    @Test
    void otherBranchesAreStoredWithoutABuild() {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        Path work = git.newRepo(Map.of("README", "feature\n"));
        GitClient.Result result = git.run(work, "push", remote(app), "main:feature");
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("only main and master are deployed"), result.output());
        assertEquals(git.head(work), repos.revParse(app.id(), "refs/heads/feature"));
    }

    private static byte[] gzip(byte[] data) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static String listArchive(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header(InternalAuth.HEADER, Devstack.shared().internalToken()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/gzip", response.headers().firstValue("Content-Type").orElse(""));
        Path file = Files.createTempFile("source", ".tar.gz");
        Files.write(file, response.body());
        Process tar = new ProcessBuilder("tar", "-tzf", file.toString()).redirectErrorStream(true).start();
        String entries = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor());
        return entries;
    }
}
