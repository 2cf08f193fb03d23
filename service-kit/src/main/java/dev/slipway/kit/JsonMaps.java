package dev.slipway.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** String maps (process types, config vars) to and from jsonb columns. */
public final class JsonMaps {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

    private JsonMaps() {}

    public static String write(Map<String, String> map) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> read(String json) {
        try {
            return json == null ? Map.of() : MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt jsonb column", e);
        }
    }
}
