package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fuzzed-JSON pass over every API endpoint that takes a body, and hostile path segments over
 * every endpoint that names an app: no answer may be a 5xx or a dropped connection, and every
 * 4xx carries Heroku's {@code {"id", "message"}}. Then the platform must still deploy and serve
 * an app. Real: the whole platform as {@code ./slipway up} starts it, HTTP on loopback, git.
 * Faked: nothing; the bodies are generated ({@link JsonFuzz}, seed printed on failure).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiFuzzIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String APP = platform.app("fuzz");
    private static final String AFTER_FUZZ = platform.app("after-fuzz");
    private static final long SEED = Long.getLong("slipway.fuzz.seed", 20261204L);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Each endpoint that reads a body, with a body it accepts: the fuzz starts from it. */
    private static final List<Seed> SEEDS = List.of(
            new Seed("POST", "/apps", "{\"name\":\"" + platform.app("fuzz-new") + "\"}"),
            new Seed("PATCH", "/apps/" + APP, "{\"maintenance\":false}"),
            new Seed("PATCH", "/apps/" + APP + "/config-vars", "{\"GREETING\":\"hi\"}"),
            new Seed("POST", "/apps/" + APP + "/domains", "{\"hostname\":\"www." + APP + ".test\"}"),
            new Seed("PUT", "/apps/" + APP + "/buildpack-installations", "{\"updates\":[{\"buildpack\":\"heroku/nodejs\"}]}"),
            new Seed("POST", "/apps/" + APP + "/collaborators", "{\"user\":\"" + platform.email("friend") + "\",\"silent\":true}"),
            new Seed("POST", "/oauth/authorizations", "{\"description\":\"fuzz\"}"),
            new Seed("POST", "/admin/accounts", "{\"email\":\"" + platform.email("fuzzed") + "\"}"),
            new Seed("POST", "/apps/" + APP + "/releases", "{\"release\":\"v1\"}"),
            new Seed("PATCH", "/apps/" + APP + "/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":1,\"size\":\"standard-1X\"}]}"),
            new Seed("PATCH", "/apps/" + APP + "/formation/web", "{\"quantity\":1,\"size\":\"standard-1X\"}"),
            new Seed("POST", "/apps/" + APP + "/dynos", "{\"command\":\"echo hi\",\"size\":\"standard-1X\",\"env\":{\"A\":\"1\"},\"attach\":false}"),
            new Seed("POST", "/apps/" + APP + "/log-sessions", "{\"lines\":10,\"source\":\"app\",\"dyno\":\"web.1\",\"tail\":false}"),
            new Seed("POST", "/apps/" + APP + "/dynos/web.1/actions/stop", "{}"));

    /** Endpoints that name an app, a release, a dyno or a build in the path. */
    private static final List<String> PATHS = List.of("/apps/%s", "/apps/%s/config-vars", "/apps/%s/domains",
            "/apps/%s/collaborators", "/apps/%s/buildpack-installations", "/apps/%s/builds", "/apps/%s/releases",
            "/apps/%s/formation", "/apps/%s/dynos", "/apps/" + APP + "/releases/%s", "/apps/" + APP + "/releases/%s/config-vars",
            "/apps/" + APP + "/builds/%s", "/apps/" + APP + "/dynos/%s", "/apps/" + APP + "/formation/%s", "/apps/" + APP + "/domains/%s");
    private static final List<String> HOSTILE_SEGMENTS = List.of("%00", "%2e%2e", "..%2f..%2fetc%2fpasswd", "a".repeat(4000),
            "%ff%fe", "%C3%A9t%C3%A9", "fuzz%0d%0aX-Injected:%201", "%20", "v99999999999999999999", "-1", "web.%00",
            "%25%32%65", "fuzz;drop", "%7B%7D");

    @TempDir
    static Path work;
    private Slipway slipway;

    @BeforeAll
    void anApp() {
        slipway = platform.slipway();
        Api api = slipway.api();
        assertEquals(201, api.post("/apps", "{\"name\":\"" + APP + "\"}").status());
        slipway.await("every service knows the app", () -> List.of("/config-vars", "/builds", "/releases", "/formation",
                "/dynos").stream().map(path -> "/apps/" + APP + path)
                .allMatch(path -> api.get(path).status() == 200));
    }

    @Test
    @Order(1)
    void fuzzedBodiesGetHerokuShapedClientErrorsNeverA5xx() {
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Seed seed : SEEDS) {
            for (JsonFuzz.Body body : JsonFuzz.bodies(seed.json(), SEED)) {
                check(wrong, seed.method() + " " + seed.path() + " with " + body.label(),
                        send(seed.method(), seed.path(), body.bytes(), "application/json"));
                sent++;
            }
            check(wrong, seed.method() + " " + seed.path() + " as text/plain",
                    send(seed.method(), seed.path(), seed.json().getBytes(), "text/plain"));
            sent++;
        }
        System.out.printf("api-fuzz: %d bodies sent to %d endpoints (seed %d), %d wrong answers%n", sent,
                SEEDS.size(), SEED, wrong.size());
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers (seed " + SEED + "):\n"
                + String.join("\n", wrong.subList(0, Math.min(60, wrong.size()))));
    }

    @Test
    @Order(2)
    void hostilePathSegmentsGetClientErrorsNeverA5xx() {
        List<String> wrong = new ArrayList<>();
        for (String template : PATHS) {
            for (String segment : HOSTILE_SEGMENTS) {
                String path = template.formatted(segment);
                check(wrong, "GET " + abbreviate(path), send("GET", path, null, null));
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers:\n" + String.join("\n", wrong));
    }

    @Test
    @Order(3)
    void afterTheFuzzThePlatformStillDeploysAndServesAnApp() throws Exception {
        Api api = slipway.api();
        assertEquals(201, api.post("/apps", "{\"name\":\"" + AFTER_FUZZ + "\"}").status());
        NodeApp app = new NodeApp(Files.createDirectories(work.resolve("after-fuzz"))).version("still-here");
        slipway.awaitPushAccepted(app, slipway.gitUrl(AFTER_FUZZ));
        slipway.awaitApp(AFTER_FUZZ, "still-here");
        assertEquals(200, api.get("/apps/" + APP).status(), "the fuzzed app is still there");
    }

    private static void check(List<String> wrong, String what, Answer answer) {
        boolean serverFault = answer.status() < 0 || answer.status() >= 500;
        boolean herokuShaped = answer.status() < 400 || answer.body().contains("\"id\"") && answer.body().contains("\"message\"");
        if (serverFault || !herokuShaped) {
            wrong.add(what + " -> " + answer.status() + " " + abbreviate(answer.body()));
        }
    }

    private Answer send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(slipway.routerUrl() + path));
        } catch (IllegalArgumentException e) {
            // a path the JDK's client will not send is not a platform fault
            return new Answer(400, "{\"id\":\"client\",\"message\":\"unsendable\"}");
        }
        request.timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.heroku+json; version=3")
                .header("Authorization", "Bearer " + slipway.apiKey())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            return new Answer(-1, e.toString());
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    private record Seed(String method, String path, String json) {}

    private record Answer(int status, String body) {}
}
