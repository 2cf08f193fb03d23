package dev.slipway.git;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.kit.Db;
import dev.slipway.kit.InternalAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: git-gateway, PostgreSQL and Kafka from devstack, the git binary on both sides of smart
 * HTTP. Faked: config-service, whose AppCreated and ApiKeyIssued the test produces itself.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "git"))
class GitAccessTest {
    private static Platform platform;
    private static final GitClient git = new GitClient();

    @TestHTTPResource("/")
    URL base;

    @Inject
    RepoStore repos;

    @Inject
    Db db;

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

    private Platform.TestApp readyApp() {
        Platform.TestApp app = platform.newReadyApp(repos, db);
        Path hook = repos.path(app.id()).resolve("hooks/pre-receive");
        assertTrue(Files.isExecutable(hook), "pre-receive hook installed");
        return app;
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString(("x:" + key).getBytes());
    }

    @Test
    void credentialsAndAccessAreChecked() {
        Platform.TestApp app = readyApp();
        Platform.TestApp other = readyApp();
        String refs = "/" + app.name() + ".git/info/refs";

        given().queryParam("service", "git-upload-pack").when().get(refs).then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Basic realm=\"Slipway\""));
        given().header("Authorization", basic("wrong-key")).queryParam("service", "git-upload-pack")
                .when().get(refs).then().statusCode(401);
        given().header("Authorization", basic(other.key())).queryParam("service", "git-upload-pack")
                .when().get(refs).then().statusCode(403).body(containsString("access"));
        given().header("Authorization", basic(app.key())).queryParam("service", "git-upload-pack")
                .when().get("/no-such-app.git/info/refs").then().statusCode(404);
        given().header("Authorization", basic(app.key())).queryParam("service", "git-receive-pack")
                .when().get(refs).then().statusCode(200)
                .contentType(equalTo("application/x-git-receive-pack-advertisement"))
                .header("Cache-Control", containsString("no-cache"))
                .body(containsString("# service=git-receive-pack"));
    }

    @Test
    void renamesAndDeletesFollowConfigService() {
        Platform.TestApp app = readyApp();
        String newName = app.name() + "-renamed";
        platform.publish(new AppUpdated(app.id(), newName, false, List.of()));
        Platform.await(() -> given().header("Authorization", basic(app.key())).queryParam("service", "git-upload-pack")
                .get("/" + newName + ".git/info/refs").statusCode() == 200, Duration.ofSeconds(30), "the rename");
        platform.publish(new AppDeleted(app.id(), newName));
        Platform.await(() -> !Files.exists(repos.path(app.id())), Duration.ofSeconds(30), "the repository's removal");
        given().header("Authorization", basic(app.key())).queryParam("service", "git-upload-pack")
                .when().get("/" + newName + ".git/info/refs").then().statusCode(404);
    }

    @Test
    void badRequestsAreRefused() {
        Platform.TestApp app = readyApp();
        String repo = "/" + app.name() + ".git";
        // dumb protocol: no service parameter, or an object path
        given().header("Authorization", basic(app.key())).when().get(repo + "/info/refs").then().statusCode(403)
                .body(containsString("smart HTTP"));
        given().header("Authorization", basic(app.key())).queryParam("service", "git-evil")
                .when().get(repo + "/info/refs").then().statusCode(403);
        given().header("Authorization", basic(app.key())).when().get(repo + "/HEAD").then().statusCode(404);
        given().header("Authorization", basic(app.key())).contentType("text/plain").body("x")
                .when().post(repo + "/git-upload-pack").then().statusCode(415);
        // the hook endpoint wants the token of a running receive-pack
        given().formParam("ref", "refs/heads/main").when().post("/internal/hooks/pre-receive").then().statusCode(403);
        given().header("X-Slipway-Push-Token", "forged").formParam("ref", "refs/heads/main")
                .when().post("/internal/hooks/pre-receive").then().statusCode(403);
        // the source archive wants the platform's service credential (service-kit InternalAuth) before anything else
        String credential = Devstack.shared().internalToken();
        given().header(InternalAuth.HEADER, credential).when().get("/internal/pushes/" + UUID.randomUUID() + "/source")
                .then().statusCode(404);
        given().header(InternalAuth.HEADER, credential).when().get("/internal/pushes/not-a-uuid/source").then().statusCode(404);
        for (String path : List.of("/internal/pushes/" + UUID.randomUUID() + "/source", "/internal/x",
                "/apps/../internal/pushes/x/source", "//internal/pushes/x/source", "/%69nternal/pushes/x/source")) {
            given().urlEncodingEnabled(false).when().get(path).then().statusCode(401)
                    .body("id", equalTo("unauthorized"));
            given().urlEncodingEnabled(false).header(InternalAuth.HEADER, credential + "x").when().get(path)
                    .then().statusCode(401);
        }
    }

    @Test
    void gitItselfSeesTheErrors() {
        Platform.TestApp app = readyApp();
        Platform.TestApp other = readyApp();
        Path work = git.newRepo(Map.of("README", "hi\n"));
        String host = base.getHost() + ":" + base.getPort();

        GitClient.Result noKey = git.run(work, "ls-remote", "http://" + host + "/" + app.name() + ".git");
        assertNotEquals(0, noKey.exit());
        GitClient.Result otherKey = git.run(work, "push", "http://x:" + other.key() + "@" + host + "/" + app.name() + ".git", "main");
        assertNotEquals(0, otherKey.exit());
        assertTrue(otherKey.output().contains("403") || otherKey.output().contains("access"), otherKey.output());
        GitClient.Result unknown = git.run(work, "ls-remote", "http://x:" + app.key() + "@" + host + "/nope-nope.git");
        assertNotEquals(0, unknown.exit());
        assertTrue(unknown.output().contains("not found") || unknown.output().contains("404"), unknown.output());
        // an empty repository is readable by its owner
        git.ok(work, "ls-remote", "http://x:" + app.key() + "@" + host + "/" + app.name() + ".git");
    }
}
