package dev.slipway.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** A release's runtime layers to and from the jsonb column each service keeps them in. */
public final class RuntimeLayersJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<RuntimeLayer>> LIST = new TypeReference<>() {};

    private RuntimeLayersJson() {}

    public static String write(List<RuntimeLayer> layers) {
        try {
            return MAPPER.writeValueAsString(layers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The layers of a column; none for SQL NULL (a release from before layers). */
    public static List<RuntimeLayer> read(String json) {
        try {
            return json == null ? List.of() : List.copyOf(MAPPER.readValue(json, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt jsonb column", e);
        }
    }
}
