package dev.slipway.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One fixed instance of every event, the same values as the JSON fixtures. */
final class Samples {
    static final UUID APP = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000001");
    static final UUID ACCOUNT = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000002");
    static final UUID PUSH = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000003");
    static final UUID BUILD = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000004");
    static final UUID RELEASE = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000005");
    static final UUID DYNO = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000006");
    static final UUID COLLABORATOR = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000007");
    static final UUID ADDON = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000008");
    static final Instant AT = Instant.parse("2026-11-22T10:00:00.123456Z");
    static final String SLUG = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String LAYER = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
    static final List<RuntimeLayer> LAYERS = List.of(
            new RuntimeLayer(LAYER, "http://127.0.0.1:4200/internal/layers/" + LAYER, "/app/.heroku/node"));
    static final String COMMIT = "2c1f7b0e9d8a6c5b4a39281706f5e4d3c2b1a098";

    static final List<Event> ALL = List.of(
            new AppCreated(APP, "hello", ACCOUNT, "admin@slipway.local", AT),
            new AppUpdated(APP, "hello", true, List.of("https://github.com/heroku/heroku-buildpack-nodejs")),
            new AppDeleted(APP, "hello"),
            new ConfigVarsChanged(APP, 3, Map.of("GREETING", "hi"), "admin@slipway.local", null),
            new DomainAdded(APP, "www.example.com"),
            new DomainRemoved(APP, "www.example.com"),
            new ApiKeyIssued(ACCOUNT, "admin@slipway.local", "ab12", true, AT),
            new ApiKeyRevoked(ACCOUNT, "ab12"),
            new CollaboratorAdded(APP, COLLABORATOR, ACCOUNT, "friend@example.com"),
            new CollaboratorRemoved(APP, COLLABORATOR, ACCOUNT, "friend@example.com"),
            new PushReceived(APP, PUSH, "refs/heads/main", COMMIT,
                    "http://127.0.0.1:4100/internal/pushes/" + PUSH + "/source", "admin@slipway.local"),
            new BuildStarted(APP, BUILD, PUSH, COMMIT),
            new BuildLogLine(APP, BUILD, PUSH, 1, "-----> Node.js app detected"),
            new SlugBuilt(APP, BUILD, PUSH, SLUG, "http://127.0.0.1:4200/internal/slugs/" + SLUG, 1234,
                    Map.of("web", "node server.js"), "nodejs", COMMIT, LAYERS),
            new BuildFailed(APP, BUILD, PUSH, "npm install failed"),
            new ReleaseCreated(APP, "hello", RELEASE, 2, SLUG, "http://127.0.0.1:4200/internal/slugs/" + SLUG,
                    Map.of("web", "node server.js"), Map.of("GREETING", "hi"), "Deploy 2c1f7b0", COMMIT, PUSH, AT, 3L, null, "pending", LAYERS),
            new FormationChanged(APP, List.of(new FormationChanged.Process("web", 2, "standard-1X"))),
            new DynoStateChanged(APP, DYNO, "web.1", "web", 2, "up", "127.0.0.1", 5000),
            new ReleasePhaseOutput(APP, RELEASE, 2, 0, List.of("Migrating...", "done")),
            new ReleasePhaseFinished(APP, RELEASE, 2, "failed", 1, "the release command exited with status 1"),
            new LogLine(APP, AT, "app", "web.1", "listening on 5000"),
            new LogLines(APP, "heroku", "router", List.of(
                    new LogLines.Line(AT, "at=info method=GET path=\"/\" host=hello.localhost status=200"),
                    new LogLines.Line(AT.plusNanos(1_000), "at=error code=H12 desc=\"Request timeout\" path=\"/slow\""))),
            new AddonAttached(APP, ADDON, "postgresql-shaped-12345", "DATABASE", "DATABASE_URL",
                    "postgres://u1:secret@192.0.2.2:15432/u1"),
            new AddonDetached(APP, ADDON, "postgresql-shaped-12345", "DATABASE", "DATABASE_URL"),
            new RouterMetricsAggregated(APP, Instant.parse("2026-11-22T10:00:00Z"), 10,
                    Map.of("2xx", 41L, "4xx", 2L, "5xx", 1L), Map.of("H12", 1L),
                    Map.of(330, 40L, 352, 3L, 767, 1L), 30_000_412L),
            new DynoMetricsSampled(APP, AT, List.of(
                    new DynoMetricsSampled.Dyno("web.1", "standard-1X", 512, 73_400_320L, 1_250_000L, 10_000_000L))));

    static EventEnvelope envelope(Event event) {
        UUID eventId = UUID.nameUUIDFromBytes(event.getClass().getSimpleName().getBytes());
        return new EventEnvelope(eventId, event.getClass().getSimpleName(), 1, AT, event.appId(), "test", event);
    }

    private Samples() {}
}
