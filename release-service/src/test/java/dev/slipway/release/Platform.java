package dev.slipway.release;

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
 * The rest of the platform as the tests play it: config-service's and builder-service's events
 * produced to the real broker, and release-service's own events read back from it.
 */
final class Platform implements AutoCloseable {
    private final TestEvents events =
            new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    EventEnvelope publish(Event event) {
        return events.publish(event);
    }

    /** Sends an envelope as is: the same event id again is a redelivery. */
    void send(EventEnvelope envelope) {
        events.send(envelope);
    }

    /** A fresh account with a key and an app it owns. */
    TestApp newApp() {
        String key = "key-" + UUID.randomUUID();
        TestEvents.OwnedApp app = events.newOwnedApp(ApiKeys.hash(key));
        return new TestApp(app.id(), app.name(), app.ownerId(), app.email(), key);
    }

    /** Every event on slipway.releases for the app, in topic order. */
    List<EventEnvelope> releaseEvents(UUID appId) {
        return events.read(Topics.RELEASES, appId);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done) {
        return TestEvents.await(probe, done, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        events.close();
    }

    record TestApp(UUID id, String name, UUID ownerId, String email, String key) {
        String bearer() {
            return "Bearer " + key;
        }
    }
}
