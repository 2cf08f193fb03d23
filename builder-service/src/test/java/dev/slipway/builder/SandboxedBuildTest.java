package dev.slipway.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.SlugBuilt;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Build steps in real sandboxes (runc, network namespaces, nftables, cgroups of this host), run by
 * the real builder-service with PostgreSQL and Kafka from devstack; a custom buildpack (real git,
 * served from a network namespace standing for the internet) reports what its compile can reach.
 * Faked: config-service and git-gateway, whose events the test produces, and the source archive.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "builder"))
class SandboxedBuildTest {
    private static Platform platform;
    private static SourceServer sources;
    private static Path secret;

    @BeforeAll
    static void start() throws IOException {
        platform = new Platform();
        sources = new SourceServer();
        secret = Files.writeString(Files.createTempDirectory("platform").resolve("api-key"), "slw_host_secret");
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
    void aCompileSeesOnlyItsOwnWallsAndRunsAsItsAppsUid() throws Exception {
        String url = Builds.gitBuildpack(Map.of("detect", "#!/bin/sh\necho Probe\n", "compile", """
                #!/bin/bash
                echo "uid=$(id -u) gid=$(id -g)"
                echo "host=$(hostname)"
                echo "procs=$(ps -e --no-headers | wc -l)"
                echo "args=$*"
                grep -q NoNewPrivs:.1 /proc/self/status && echo no-new-privs
                grep -q 'CapEff:.0000000000000000' /proc/self/status && echo no-capabilities
                cat %s 2>/dev/null && echo secret-read || echo secret-hidden
                touch /buildpack/export 2>/dev/null && echo buildpack-own-export-writable || echo buildpack-readonly
                touch /env/x 2>/dev/null && echo env-writable || echo env-readonly
                touch /usr/x 2>/dev/null && echo usr-writable || echo usr-readonly
                echo made > /app/made-in-build && echo app-writable
                echo cached > /cache/c && echo cache-writable
                timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/%d' 2>/dev/null && echo loopback-open || echo loopback-closed
                echo "greeting=$(cat /env/GREETING)"
                """.formatted(secret, databasePort())));
        Platform.TestApp app = platform.newApp();
        platform.publish(new AppUpdated(app.id(), app.name(), false, List.of(url)));
        platform.publish(new dev.slipway.events.ConfigVarsChanged(app.id(), 1, Map.of("GREETING", "hi"), app.email()));
        String output = build(app);
        int uid = Integer.parseInt(output.replaceAll("(?s).*uid=(\\d+) .*", "$1"));
        assertTrue(uid >= 500_000, output);
        assertTrue(output.contains("gid=" + uid), output);
        for (String expected : List.of("host=build", "args=/app /cache /env", "no-new-privs", "no-capabilities",
                "secret-hidden", "buildpack-own-export-writable", "env-readonly", "usr-readonly", "app-writable", "cache-writable",
                "loopback-closed", "greeting=hi")) {
            assertTrue(output.contains(expected), expected + " in:\n" + output);
        }
        int procs = Integer.parseInt(output.replaceAll("(?s).*procs=(\\d+).*", "$1"));
        assertTrue(procs < 10, "only the sandbox's own processes: " + output);
        SlugBuilt slug = Builds.single(platform.buildEvents(app.id()), SlugBuilt.class);
        assertEquals("made", new String(Builds.slugContents(slug.slugId()).get("made-in-build")).strip());

        // the uid is the app's for good, and no other app's
        assertTrue(build(app).contains("uid=" + uid + " "), "the same app builds as the same uid");
        Platform.TestApp other = platform.newApp();
        platform.publish(new AppUpdated(other.id(), other.name(), false, List.of(url)));
        assertNotEquals(uid, Integer.parseInt(build(other).replaceAll("(?s).*uid=(\\d+) .*", "$1")));
    }

    private static String build(Platform.TestApp app) {
        UUID push = Builds.push(platform, sources, app, Map.of("Procfile", "web: ./x"));
        JsonPath build = Builds.awaitBuild(app, push);
        String output = Builds.output(app, build.getString("id"));
        assertEquals("succeeded", build.getString("status"), output);
        return output;
    }

    private static int databasePort() {
        String jdbc = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return URI.create(jdbc.substring("jdbc:".length())).getPort();
    }
}
