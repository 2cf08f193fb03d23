package dev.slipway.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * JSON for envelopes. The payload's record type is found from the envelope's {@code type}; unknown
 * payload fields are ignored, so a producer may add fields before its consumers know them.
 */
public final class EventCodec {

    private static final Map<String, Class<? extends Event>> TYPES = Stream.of(Event.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(Event.class))
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, c -> c));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private EventCodec() {}

    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an envelope, or throws {@link MalformedEventException} (never anything else) for text
     * that is not one: not JSON, not an object, a missing or bad id, time or payload, an unknown
     * type or schema version ({@link UnknownEventException}).
     */
    public static EventEnvelope fromJson(String json) {
        try {
            if (!(MAPPER.readTree(json) instanceof ObjectNode node)) {
                throw new MalformedEventException("not a JSON object");
            }
            String type = node.path("type").asText();
            Class<? extends Event> payloadType = TYPES.get(type);
            if (payloadType == null) {
                throw new UnknownEventException(type);
            }
            int version = node.path("schemaVersion").asInt(0);
            if (version != EventEnvelope.CURRENT_SCHEMA_VERSION) {
                throw new UnknownEventException(type + " schemaVersion " + version);
            }
            if (!(node.path("payload") instanceof ObjectNode payload)) {
                throw new MalformedEventException(type + " without a payload object");
            }
            JsonNode appId = node.path("appId");
            return new EventEnvelope(
                    UUID.fromString(node.path("eventId").asText()),
                    type,
                    version,
                    Instant.parse(node.path("occurredAt").asText()),
                    appId.isNull() || appId.isMissingNode() ? null : UUID.fromString(appId.asText()),
                    node.path("producer").asText(),
                    MAPPER.treeToValue(payload, payloadType));
        } catch (MalformedEventException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jackson's parse and binding errors, a bad UUID or instant, a record constructor's refusal
            throw new MalformedEventException(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Text that is not an envelope this build can read. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String what) {
            super(what);
        }
    }

    /** An envelope this build cannot read: a type or schema version it does not know. */
    public static final class UnknownEventException extends MalformedEventException {
        public UnknownEventException(String what) {
            super("unknown event " + what);
        }
    }
}
