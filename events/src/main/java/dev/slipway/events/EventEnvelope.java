package dev.slipway.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What travels on a topic: the event with the facts every consumer needs before it looks inside.
 * {@code type} is the record's simple name; {@code schemaVersion} starts at 1 and grows only for a
 * breaking change, which consumers then accept beside the old version for a while.
 */
public record EventEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt, UUID appId,
                            String producer, Event payload) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public static EventEnvelope wrap(Event event, String producer) {
        return new EventEnvelope(UUID.randomUUID(), event.getClass().getSimpleName(), CURRENT_SCHEMA_VERSION,
                Instant.now(), event.appId(), producer, event);
    }
}
