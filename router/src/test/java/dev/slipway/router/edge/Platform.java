package dev.slipway.router.edge;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.Event;
import dev.slipway.events.EventEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;

/** config-service and dyno-manager as the router hears them: their events, on the real broker. */
final class Platform {
    private static TestEvents events;

    private Platform() {}

    static void publish(Event event) {
        events().publish(event);
    }

    /** Every event on the topic for the app, in topic order. */
    static List<EventEnvelope> events(String topic, UUID appId) {
        return events().read(topic, appId);
    }

    private static synchronized TestEvents events() {
        if (events == null) {
            events = new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return events;
    }

    static void await(String what, BooleanSupplier condition) {
        try {
            TestEvents.await(condition::getAsBoolean, ok -> ok, Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }
}
