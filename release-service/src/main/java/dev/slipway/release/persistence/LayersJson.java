package dev.slipway.release.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.RuntimeLayer;
import java.util.List;

/** A release's runtime layers to and from its jsonb column. */
final class LayersJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<RuntimeLayer>> LIST = new TypeReference<>() {};

    private LayersJson() {}

    static String write(List<RuntimeLayer> layers) {
        try {
            return MAPPER.writeValueAsString(layers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<RuntimeLayer> read(String json) {
        try {
            return json == null ? List.of() : List.copyOf(MAPPER.readValue(json, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt jsonb column", e);
        }
    }
}
