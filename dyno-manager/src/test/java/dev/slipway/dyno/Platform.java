package dev.slipway.dyno;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.Event;
import dev.slipway.events.EventEnvelope;
import dev.slipway.kit.ApiKeys;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The rest of the platform as the tests play it: config-service's and release-service's events
 * produced to the real broker, and dyno-manager's own events read back from it.
 */
final class Platform implements AutoCloseable {
    private final TestEvents events =
            new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    EventEnvelope publish(Event event) {
        return events.publish(event);
    }

    /** Sends the envelope again as it is: a redelivery. */
    void redeliver(EventEnvelope envelope) {
        events.send(envelope);
    }

    /** A fresh account with a key and an app it owns. */
    TestApp newApp() {
        String key = "key-" + UUID.randomUUID();
        TestEvents.OwnedApp app = events.newOwnedApp(ApiKeys.hash(key));
        return new TestApp(app.id(), app.name(), key);
    }

    /** Every event on the topic for the app, in topic order. */
    List<Event> events(String topic, UUID appId) {
        return events.read(topic, appId).stream().map(EventEnvelope::payload).toList();
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done) {
        return await(probe, done, 40_000);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, long millis) {
        return TestEvents.await(probe, done, Duration.ofMillis(millis));
    }

    @Override
    public void close() {
        events.close();
    }

    record TestApp(UUID id, String name, String key) {
        String bearer() {
            return "Bearer " + key;
        }
    }
}
