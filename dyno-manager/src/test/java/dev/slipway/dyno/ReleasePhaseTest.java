package dev.slipway.dyno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.FormationChanged;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import dev.slipway.events.Topics;
import dev.slipway.kit.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The release phase in dyno-manager. Real: dyno-manager, PostgreSQL and Kafka from devstack, the
 * release and web dynos (bash and node in sandboxes). Faked: release-service, whose ReleaseCreated
 * the test produces, and the builder's slug download (SlugServer). The time limit is 5 s (%test).
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "dyno"))
class ReleasePhaseTest extends PlatformFixture {
    private static final String SERVER_JS = "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n";

    @Inject
    Db db;

    @Test
    void aReleaseGoesLiveOnlyWhenItsReleaseCommandExitsZero() throws Exception {
        Platform.TestApp app = platform.newApp();
        String slug = slugs.add(Map.of("server.js", SERVER_JS));
        platform.publish(new FormationChanged(app.id(), List.of(new FormationChanged.Process("web", 1, "standard-1X"))));

        UUID v1 = release(app, 1, slug, "echo migrating $GREETING on $DYNO; printf 'a\\0b\\n'");
        ReleasePhaseFinished first = finished(app, v1);
        assertTrue(first.succeeded(), first.toString());
        assertEquals(0, first.exitStatus());
        List<String> lines = output(app, v1);
        assertEquals(List.of("migrating hello on release.1", "a\uFFFDb"), lines);
        awaitWeb(app, 1);

        // a failing command: the release never goes live
        UUID v2 = release(app, 2, slug, "echo failing; exit 3");
        ReleasePhaseFinished failed = finished(app, v2);
        assertFalse(failed.succeeded());
        assertEquals(3, failed.exitStatus());
        assertEquals("the release command exited with status 3", failed.reason());
        assertEquals(List.of("failing"), output(app, v2));

        // a command that never exits is stopped at the time limit
        UUID v3 = release(app, 3, slug, "echo waiting; sleep 600");
        ReleasePhaseFinished timedOut = finished(app, v3);
        assertFalse(timedOut.succeeded());
        assertNull(timedOut.exitStatus());
        assertTrue(timedOut.reason().contains("did not exit within 5 seconds"), timedOut.reason());
        assertEquals(0, releaseDynos(app), "the release dyno is gone");
        assertEquals(1, webVersion(app), "web.1 still runs v1");
        assertFalse(platform.events(Topics.DYNOS, app.id()).stream().anyMatch(e -> e instanceof DynoStateChanged d
                && d.type().equals("web") && d.releaseVersion() > 1), "no dyno of a failed release started");
    }

    private UUID release(Platform.TestApp app, int version, String slug, String command) {
        UUID id = UUID.randomUUID();
        platform.publish(new ReleaseCreated(app.id(), app.name(), id, version, slug, slugs.url(slug),
                Map.of("web", "node server.js", "release", command), Map.of("GREETING", "hello"), "Deploy", "abc123",
                null, Instant.now(), null, null, ReleaseCreated.PENDING));
        return id;
    }

    private ReleasePhaseFinished finished(Platform.TestApp app, UUID releaseId) {
        return Platform.await(() -> platform.events(Topics.DYNOS, app.id()).stream()
                        .filter(e -> e instanceof ReleasePhaseFinished f && f.releaseId().equals(releaseId))
                        .map(ReleasePhaseFinished.class::cast).findFirst().orElse(null),
                f -> f != null);
    }

    private List<String> output(Platform.TestApp app, UUID releaseId) {
        return platform.events(Topics.DYNOS, app.id()).stream()
                .filter(e -> e instanceof ReleasePhaseOutput o && o.releaseId().equals(releaseId))
                .map(ReleasePhaseOutput.class::cast).flatMap(o -> o.lines().stream()).toList();
    }

    private void awaitWeb(Platform.TestApp app, int version) {
        Platform.await(() -> webVersion(app), v -> v == version);
    }

    /** The release web.1 runs while up, or 0. */
    private int webVersion(Platform.TestApp app) {
        return count(app, "SELECT coalesce(max(release_version), 0) FROM dyno WHERE app_id = ? AND name = 'web.1' AND state = 'up'");
    }

    private int releaseDynos(Platform.TestApp app) {
        return count(app, "SELECT count(*) FROM dyno WHERE app_id = ? AND type = 'release'");
    }

    private int count(Platform.TestApp app, String sql) {
        return db.read(c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setObject(1, app.id());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
