package dev.slipway.builder;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.Event;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import dev.slipway.kit.ApiKeys;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The rest of the platform as the tests play it: config-service's and git-gateway's events
 * produced to the real broker, and builder-service's own events read back from it.
 */
final class Platform implements AutoCloseable {
    record TestApp(UUID id, String name, UUID accountId, String email, String key) {
        String bearer() {
            return "Bearer " + key;
        }
    }

    private final TestEvents events =
            new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    EventEnvelope publish(Event event) {
        return events.publish(event);
    }

    /** A fresh account with a key and an app it owns. */
    TestApp newApp() {
        String key = "key-" + UUID.randomUUID();
        TestEvents.OwnedApp app = events.newOwnedApp(ApiKeys.hash(key));
        return new TestApp(app.id(), app.name(), app.ownerId(), app.email(), key);
    }

    /** Every event on slipway.builds for the app, in topic order. */
    List<EventEnvelope> buildEvents(UUID appId) {
        return events.read(Topics.BUILDS, appId);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, Duration limit) {
        return TestEvents.await(probe, done, limit);
    }

    @Override
    public void close() {
        events.close();
    }
}
