package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.Devstack;
import dev.slipway.events.Event;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.PushReceived;
import dev.slipway.kit.InternalAuth;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** What the build tests share: pushing a tree, waiting for its build, reading output and slugs. */
final class Builds {
    private Builds() {}

    /** Each push gets its own commit, so its build is found by {@code source_blob.version}. */
    static UUID push(Platform platform, SourceServer sources, Platform.TestApp app, Map<String, String> files) {
        UUID push = UUID.randomUUID();
        platform.publish(new PushReceived(app.id(), push, "refs/heads/main", commitOf(push),
                sources.serve(push, files), app.email()));
        return push;
    }

    static String commitOf(UUID push) {
        return push.toString().replace("-", "") + "00000000";
    }

    static void awaitApp(Platform.TestApp app) {
        Platform.await(() -> given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds")
                .statusCode(), s -> s == 200, Duration.ofSeconds(30));
    }

    /** The build of the push, once it has ended. */
    static JsonPath awaitBuild(Platform.TestApp app, UUID push) {
        String commit = commitOf(push);
        return Platform.await(() -> {
            var response = given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds");
            if (response.statusCode() != 200) {
                return null;
            }
            List<Map<String, Object>> builds = response.jsonPath().getList("$");
            for (Map<String, Object> b : builds) {
                Object version = ((Map<?, ?>) b.get("source_blob")).get("version");
                if (commit.equals(version) && !"pending".equals(b.get("status"))) {
                    return given().header("Authorization", app.bearer())
                            .get("/apps/" + app.name() + "/builds/" + b.get("id"))
                            .then().statusCode(200).extract().jsonPath();
                }
            }
            return null;
        }, b -> b != null, Duration.ofMinutes(4));
    }

    static String output(Platform.TestApp app, String buildId) {
        return given().header("Authorization", app.bearer()).get("/apps/" + app.name() + "/builds/" + buildId + "/output")
                .then().statusCode(200).extract().asString();
    }

    /** A buildpack in a fresh git repo (bin/<name> → script), served by git daemon outside the host; its URL. */
    static String gitBuildpack(Map<String, String> scripts) throws Exception {
        return OutsideGitServer.shared().publish(scripts);
    }

    static void script(Path file, String content) throws IOException {
        Files.writeString(file, content);
        file.toFile().setExecutable(true);
    }

    static void git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, git.waitFor(), "git " + String.join(" ", args));
    }

    static <T extends Event> T single(List<EventEnvelope> events, Class<T> type) {
        List<T> found = events.stream().map(EventEnvelope::payload).filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "expected one " + type.getSimpleName() + " in " + events);
        return found.getFirst();
    }

    static Map<String, byte[]> slugContents(String slugId) throws IOException {
        byte[] tgz = given().header(InternalAuth.HEADER, Devstack.shared().internalToken()).get("/internal/slugs/" + slugId).then().statusCode(200)
                .contentType("application/gzip").extract().asByteArray();
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return files;
    }
}
