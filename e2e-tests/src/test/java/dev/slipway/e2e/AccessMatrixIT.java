package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may do what: every endpoint of the API, and git, with the owner's key, a collaborator's, a
 * stranger's, a revoked key and no key, through the router to every service. Real: the whole
 * platform as {@code ./slipway up} starts it, HTTP on loopback. Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String APP = platform.app("matrix");
    private static final String OWNER = platform.email("owner");
    private static final String COLLABORATOR = platform.email("collab");
    private static final String STRANGER = platform.email("stranger");
    private static final String OTHER_COLLABORATOR = platform.email("other-collab");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The app's endpoints a collaborator may use as the owner does; bodies are refused after the access check. */
    private static final List<Call> SHARED = List.of(
            new Call("GET", "/apps/" + APP, null),
            new Call("PATCH", "/apps/" + APP, "{\"maintenance\":false}"),
            new Call("GET", "/apps/" + APP + "/config-vars", null),
            new Call("PATCH", "/apps/" + APP + "/config-vars", "{\"1BAD\":\"x\"}"),
            new Call("GET", "/apps/" + APP + "/domains", null),
            new Call("POST", "/apps/" + APP + "/domains", "{\"hostname\":\"\"}"),
            new Call("GET", "/apps/" + APP + "/domains/www.nowhere.test", null),
            new Call("DELETE", "/apps/" + APP + "/domains/www.nowhere.test", null),
            new Call("GET", "/apps/" + APP + "/collaborators", null),
            new Call("GET", "/apps/" + APP + "/buildpack-installations", null),
            new Call("PUT", "/apps/" + APP + "/buildpack-installations", "{\"updates\":\"bad\"}"),
            new Call("GET", "/apps/" + APP + "/builds", null),
            new Call("GET", "/apps/" + APP + "/builds/" + UUID.randomUUID(), null),
            new Call("GET", "/apps/" + APP + "/releases", null),
            new Call("GET", "/apps/" + APP + "/releases/v99", null),
            new Call("GET", "/apps/" + APP + "/releases/v99/config-vars", null),
            new Call("POST", "/apps/" + APP + "/releases", "{\"release\":\"v99\"}"),
            new Call("GET", "/apps/" + APP + "/formation", null),
            new Call("PATCH", "/apps/" + APP + "/formation", "{\"updates\":[{\"type\":\"web\",\"quantity\":-1}]}"),
            new Call("GET", "/apps/" + APP + "/formation/web", null),
            new Call("GET", "/apps/" + APP + "/dynos", null),
            new Call("GET", "/apps/" + APP + "/dynos/web.9", null),
            new Call("DELETE", "/apps/" + APP + "/dynos/web.9", null),
            new Call("POST", "/apps/" + APP + "/dynos", "{}"),
            new Call("POST", "/apps/" + APP + "/dynos/web.9/actions/stop", null),
            new Call("POST", "/apps/" + APP + "/log-sessions", "{\"lines\":10}"),
            new Call("GIT", "/" + APP + ".git/info/refs?service=git-upload-pack", null),
            new Call("GIT", "/" + APP + ".git/info/refs?service=git-receive-pack", null));

    /**
     * What only the owner may do (the owner's own calls are not made: they would destroy the app);
     * a collaborator may remove themselves, not another collaborator.
     */
    private static final List<Call> OWNER_ONLY = List.of(
            new Call("DELETE", "/apps/" + APP, null),
            new Call("PATCH", "/apps/" + APP, "{\"name\":\"" + platform.app("renamed") + "\"}"),
            new Call("POST", "/apps/" + APP + "/collaborators", "{\"user\":\"" + STRANGER + "\"}"),
            new Call("DELETE", "/apps/" + APP + "/collaborators/" + OTHER_COLLABORATOR, null));

    private Slipway slipway;
    private String owner;
    private String collaborator;
    private String stranger;
    private String revoked;

    @BeforeAll
    void anAppAndFourUsers() {
        slipway = platform.slipway();
        Api admin = slipway.api();
        owner = newAccountKey(admin, OWNER);
        collaborator = newAccountKey(admin, COLLABORATOR);
        stranger = newAccountKey(admin, STRANGER);
        newAccountKey(admin, OTHER_COLLABORATOR);
        Api asOwner = admin.withKey(owner);
        slipway.await("the owner's key is known", () -> asOwner.get("/account").status() == 200);
        assertEquals(201, asOwner.post("/apps", "{\"name\":\"" + APP + "\"}").status());
        Api.Response added = asOwner.post("/apps/" + APP + "/collaborators", "{\"user\":\"" + COLLABORATOR + "\"}");
        assertEquals(201, added.status(), added.toString());
        Api.Response other = asOwner.post("/apps/" + APP + "/collaborators", "{\"user\":\"" + OTHER_COLLABORATOR + "\"}");
        assertEquals(201, other.status(), other.toString());
        Api.Response authorization = asOwner.post("/oauth/authorizations", "{\"description\":\"to revoke\"}");
        assertEquals(201, authorization.status(), authorization.toString());
        revoked = authorization.json().path("access_token").path("token").asText();
        slipway.await("every service knows the app, the collaborator and the new key", () -> SHARED.stream()
                .allMatch(call -> allowed(call(call, collaborator).status()) && allowed(call(call, revoked).status())));
        Api.Response revoke = asOwner.send("DELETE", "/oauth/authorizations/" + authorization.json().path("id").asText(), null);
        assertEquals(200, revoke.status(), revoke.toString());
        slipway.await("every service has dropped the revoked key",
                () -> SHARED.stream().allMatch(call -> call(call, revoked).status() == 401));
    }

    @Test
    void everyEndpointAnswersEachKindOfCallerAsHerokuDoes() {
        List<String> wrong = new ArrayList<>();
        for (Call call : SHARED) {
            expect(wrong, call, "owner", owner, Set.of(), "an error other than 401/403");
            expect(wrong, call, "collaborator", collaborator, Set.of(), "an error other than 401/403");
            expect(wrong, call, "stranger", stranger, Set.of(403, 404), "403 or 404");
            expect(wrong, call, "revoked key", revoked, Set.of(401), "401");
            expect(wrong, call, "no key", null, Set.of(401), "401");
        }
        for (Call call : OWNER_ONLY) {
            expect(wrong, call, "collaborator", collaborator, Set.of(403), "403");
            expect(wrong, call, "stranger", stranger, Set.of(403, 404), "403 or 404");
            expect(wrong, call, "revoked key", revoked, Set.of(401), "401");
            expect(wrong, call, "no key", null, Set.of(401), "401");
        }
        assertTrue(wrong.isEmpty(), "wrong answers:\n" + String.join("\n", wrong));
        assertEquals(200, call(new Call("GET", "/apps/" + APP, null), owner).status(), "the app is untouched");
    }

    @Test
    void accountAndAppListsAreEachCallersOwn() {
        assertTrue(get("/apps", collaborator).body().contains("\"" + APP + "\""), "a collaborator lists the shared app");
        assertTrue(!get("/apps", stranger).body().contains("\"" + APP + "\""), "a stranger does not");
        assertTrue(get("/account", stranger).body().contains(STRANGER));
        assertEquals(401, get("/account", revoked).status());
        assertEquals(401, get("/apps", null).status());
    }

    /** {@code expected} empty: any answer but 401 and 403 (the access check let the call through). */
    private void expect(List<String> wrong, Call call, String who, String key, Set<Integer> expected, String want) {
        Answer answer = call(call, key);
        boolean ok = expected.isEmpty() ? allowed(answer.status()) : expected.contains(answer.status());
        boolean herokuShaped = call.method().equals("GIT") || answer.status() < 400
                || answer.body().contains("\"id\"") && answer.body().contains("\"message\"");
        if (!ok || !herokuShaped) {
            wrong.add(who + " " + call.method() + " " + call.path() + ": wanted " + want + " with Heroku's error body, got "
                    + answer.status() + " " + abbreviate(answer.body()));
        }
    }

    private static boolean allowed(int status) {
        return status != 401 && status != 403 && status > 0 && status < 500;
    }

    private Answer get(String path, String key) {
        return call(new Call("GET", path, null), key);
    }

    /** An API call with a bearer key, or a git call with the key as the basic-auth password. */
    private Answer call(Call call, String key) {
        boolean git = call.method().equals("GIT");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(slipway.routerUrl() + call.path()))
                .timeout(Duration.ofSeconds(30))
                .method(git ? "GET" : call.method(), call.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        if (!git) {
            request.header("Accept", "application/vnd.heroku+json; version=3");
        }
        if (call.body() != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", git
                    ? "Basic " + Base64.getEncoder().encodeToString(("heroku:" + key).getBytes(StandardCharsets.UTF_8))
                    : "Bearer " + key);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            return new Answer(-1, e.toString());
        }
    }

    private static String newAccountKey(Api admin, String email) {
        Api.Response created = admin.post("/admin/accounts", "{\"email\":\"" + email + "\"}");
        assertEquals(201, created.status(), created.toString());
        return created.json().path("api_key").asText();
    }

    private static String abbreviate(String body) {
        return body.length() > 160 ? body.substring(0, 160) + "..." : body;
    }

    private record Call(String method, String path, String body) {}

    private record Answer(int status, String body) {}
}
