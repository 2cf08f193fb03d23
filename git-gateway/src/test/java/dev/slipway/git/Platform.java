package dev.slipway.git;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.Event;
import dev.slipway.events.PushReceived;
import dev.slipway.events.Topics;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.kit.ApiKeys;
import dev.slipway.kit.Db;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The rest of the platform as the tests play it: config-service's, the builder's and the release
 * service's events produced to the real broker, and git-gateway's PushReceived read back from it.
 */
final class Platform implements AutoCloseable {
    record TestApp(UUID id, String name, UUID accountId, String email, String key) {}

    private final TestEvents events =
            new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    void publish(Event event) {
        events.publish(event);
    }

    /** A fresh account with a key and an app it owns. */
    TestApp newApp() {
        String key = "key-" + UUID.randomUUID();
        TestEvents.OwnedApp app = events.newOwnedApp(ApiKeys.hash(key));
        return new TestApp(app.id(), app.name(), app.ownerId(), app.email(), key);
    }

    /** A fresh app once git-gateway has made its repository and knows its owner's key. */
    TestApp newReadyApp(RepoStore repos, Db db) {
        TestApp app = newApp();
        await(() -> repos.exists(app.id()), Duration.ofSeconds(30), "the repository of " + app.name());
        await(() -> keyKnown(db, app.key()), Duration.ofSeconds(30), "the key of " + app.email());
        return app;
    }

    private static boolean keyKnown(Db db, String key) {
        return db.read(c -> {
            try (var q = c.prepareStatement("SELECT 1 FROM kit_api_key WHERE key_hash = ?")) {
                q.setString(1, ApiKeys.hash(key));
                try (var rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Waits for git-gateway's first PushReceived for the app on slipway.git. */
    PushReceived awaitPush(UUID appId, Duration limit) {
        return (PushReceived) TestEvents.await(() -> events.read(Topics.GIT, appId).stream()
                .map(e -> e.payload()).filter(PushReceived.class::isInstance).findFirst().orElse(null),
                push -> push != null, limit);
    }

    static void await(BooleanSupplier done, Duration limit, String what) {
        TestEvents.await(done::getAsBoolean, ok -> ok, limit);
    }

    @Override
    public void close() {
        events.close();
    }
}
