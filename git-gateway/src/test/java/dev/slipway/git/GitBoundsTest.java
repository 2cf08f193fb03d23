package dev.slipway.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.git.config.GatewayConfig;
import dev.slipway.git.domain.GitRequestLimits;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.kit.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: git-gateway, PostgreSQL and Kafka from devstack, the git binary on both sides of smart
 * HTTP over loopback, and hand-made HTTP requests for what git itself never sends (a gzip bomb,
 * stalled bodies). Faked: config-service, whose AppCreated and ApiKeyIssued the test produces.
 * The push limit is 2 MB in tests (1 GB in production), the fetch request limit 1 MB.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "git"))
class GitBoundsTest {
    private static final String ZERO = "0".repeat(40);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;
    private static final GitClient git = new GitClient();

    @TestHTTPResource("/")
    URL base;

    @Inject
    RepoStore repos;

    @Inject
    Db db;

    @Inject
    GatewayConfig config;

    @Inject
    GitRequestLimits limits;

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

    @Test
    void anOversizedPushIsRefusedOnTheSideBandAndLeavesNothingBehind() throws Exception {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        byte[] noise = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(noise); // incompressible: the pack is as big as the file
        Path work = git.newRepo(Map.of("Procfile", "web: node index.js\n"));
        Files.write(work.resolve("big.bin"), noise);
        git.ok(work, "add", "big.bin");
        git.ok(work, "commit", "--quiet", "-m", "big");

        GitClient.Result push = git.run(work, "push", remote(app), "main");
        String out = push.output();
        assertNotEquals(0, push.exit(), out);
        assertTrue(out.contains("remote:  !     Push rejected, this push is larger than 2 MB, Slipway's limit."), out);
        assertTrue(out.contains("[remote rejected] main -> main (this push larger than 2 MB)"), out);
        assertNothingLeft(app);

        // the gateway goes on: a small push to another branch is stored
        Path small = git.newRepo(Map.of("README", "small\n"));
        GitClient.Result ok = git.run(small, "push", remote(app), "main:feature");
        assertEquals(0, ok.exit(), ok.output());
        assertEquals(git.head(small), repos.revParse(app.id(), "refs/heads/feature"));
    }

    @Test
    void aSmallPackNamingAHugeTreeIsRefusedByTheHook() throws Exception {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        byte[] noise = new byte[1024 * 1024];
        new Random(11).nextBytes(noise);
        // git stores the blob once (a ~1 MB pack, under the limit); the archive holds all five copies
        Path work = git.newRepo(Map.of("Procfile", "web: node index.js\n"));
        for (int i = 0; i < 5; i++) {
            Files.write(work.resolve("copy" + i + ".bin"), noise);
        }
        git.ok(work, "add", ".");
        git.ok(work, "commit", "--quiet", "-m", "copies");

        GitClient.Result push = git.run(work, "push", remote(app), "main");
        assertNotEquals(0, push.exit(), push.output());
        assertTrue(push.output().contains("remote:  !     Push rejected, the pushed tree is larger than 2 MB compressed, "
                + "Slipway's limit."), push.output());
        assertNull(repos.revParse(app.id(), "refs/heads/main"));
        try (Stream<Path> files = Files.list(config.sourcesDir())) {
            List<Path> incoming = files.filter(f -> f.getFileName().toString().startsWith("incoming-")).toList();
            assertTrue(incoming.isEmpty(), "half-written archives: " + incoming);
        }
        assertTrue(spoolFiles().isEmpty(), "spooled bodies left: " + spoolFiles());
    }

    @Test
    void aGzipBombIsRefusedNotInflated() throws Exception {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        // ref commands as git sends them, then a "pack" of 256 MB of zeros: ~256 KB gzipped
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bomb)) {
            gz.write(pkt(ZERO + " " + "1".repeat(40) + " refs/heads/main\0report-status side-band-64k agent=git/2.39\n"));
            gz.write("0000PACK".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 256; i++) {
                gz.write(zeros);
            }
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> answer = post(app, "git-receive-pack", bomb.toByteArray(), true);
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "refused early, not after inflating 256 MB");
        assertEquals(200, answer.statusCode());
        assertEquals("application/x-git-receive-pack-result", answer.headers().firstValue("Content-Type").orElse(""));
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\u0002 !     Push rejected, the request body inflates to more than 100 times its "
                + "gzipped size (a gzip bomb?); it was refused, not inflated."), body);
        assertTrue(body.contains("unpack gzip bomb refused\n") && body.contains("ng refs/heads/main gzip bomb refused\n"),
                body);
        assertNothingLeft(app);

        // a fetch request has no side band to speak on: Heroku's JSON and the status
        HttpResponse<byte[]> fetch = post(app, "git-upload-pack", bomb.toByteArray(), true);
        assertEquals(413, fetch.statusCode());
        String json = new String(fetch.body(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"id\":\"request_too_large\"") && json.contains("gzip bomb"), json);

        HttpResponse<byte[]> garbage = post(app, "git-upload-pack", "not gzip at all".getBytes(), true);
        assertEquals(400, garbage.statusCode());
        assertTrue(new String(garbage.body(), StandardCharsets.UTF_8).contains("\"id\":\"bad_request\""));
        assertNothingLeft(app);
    }

    @Test
    void anOversizedFetchRequestIsRefusedWithHerokusJson() throws Exception {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        StringBuilder haves = new StringBuilder();
        while (haves.length() < 1_200_000) {
            haves.append("0032have ").append("2".repeat(40)).append('\n');
        }
        HttpResponse<byte[]> answer = post(app, "git-upload-pack", haves.toString().getBytes(StandardCharsets.US_ASCII),
                false);
        assertEquals(413, answer.statusCode());
        String json = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(json.contains("This fetch request is larger than 1 MB, Slipway's limit."), json);
        assertNothingLeft(app);
    }

    @Test
    void anAppGetsAFewGitRequestsAtOnceThenA429() throws Exception {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < GitRequestLimits.PER_APP; i++) {
                stalled.add(stalledPush(app));
            }
            // the stalled requests hold their places; the next one of the app is turned away
            Platform.await(() -> limits.running(app.id()) == GitRequestLimits.PER_APP, java.time.Duration.ofSeconds(20),
                    "the stalled requests to be running");
            HttpResponse<byte[]> more = post(app, "git-upload-pack", pkt("0000"), false);
            assertEquals(429, more.statusCode());
            String json = new String(more.body(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"id\":\"rate_limit\"") && json.contains("Too many git requests for " + app.name()),
                    json);
            // another app is not affected
            Platform.TestApp other = platform.newReadyApp(repos, db);
            git.ok(git.newRepo(Map.of("README", "x\n")), "ls-remote", remote(other));
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        // closed mid-body: their places and their files are given back
        Platform.await(() -> spoolFiles().isEmpty() && limits.running(app.id()) == 0, java.time.Duration.ofSeconds(20),
                "the places and the spool to be given back");
        git.ok(git.newRepo(Map.of("README", "x\n")), "ls-remote", remote(app));
    }

    /** A receive-pack request whose chunked body starts and then stops coming. */
    private Socket stalledPush(Platform.TestApp app) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        String auth = Base64.getEncoder().encodeToString(("x:" + app.key()).getBytes(StandardCharsets.UTF_8));
        String head = "POST /" + app.name() + ".git/git-receive-pack HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                + "Authorization: Basic " + auth + "\r\nContent-Type: application/x-git-receive-pack-request\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + "4\r\n0000\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private HttpResponse<byte[]> post(Platform.TestApp app, String service, byte[] body, boolean gzip) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + app.name() + ".git/" + service))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("x:" + app.key()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-" + service + "-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** No ref, no pack or quarantine in the repository, no spooled body, no push record. */
    private void assertNothingLeft(Platform.TestApp app) throws IOException {
        assertNull(repos.revParse(app.id(), "refs/heads/main"));
        Path objects = repos.path(app.id()).resolve("objects");
        try (Stream<Path> files = Files.walk(objects)) {
            List<Path> left = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals("packs")).toList();
            assertTrue(left.isEmpty(), "objects left in the repository: " + left);
        }
        try (Stream<Path> dirs = Files.list(objects)) {
            assertTrue(dirs.noneMatch(d -> d.getFileName().toString().startsWith("incoming-")), "a quarantine left");
        }
        assertTrue(spoolFiles().isEmpty(), "spooled bodies left: " + spoolFiles());
        int pushes = db.read(c -> {
            try (var q = c.prepareStatement("SELECT count(*) FROM push WHERE app_id = ?")) {
                q.setObject(1, app.id());
                try (var rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertEquals(0, pushes, "no push was recorded");
    }

    private List<Path> spoolFiles() {
        try (Stream<Path> files = Files.list(config.spoolDir())) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] pkt(String payload) {
        if (payload.equals("0000")) {
            return payload.getBytes(StandardCharsets.US_ASCII);
        }
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[data.length + 4];
        System.arraycopy(String.format("%04x", data.length + 4).getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        System.arraycopy(data, 0, out, 4, data.length);
        return out;
    }
}
