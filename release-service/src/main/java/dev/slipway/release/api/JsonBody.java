package dev.slipway.release.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.kit.HerokuError;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies are taken as bytes and parsed here, so that a body sent without a JSON content
 * type still works (as on Heroku) and broken JSON gets a useful 400.
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBody() {}

    /** The parsed body, or null when there is none. */
    static JsonNode parse(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw HerokuError.badRequest("Invalid JSON in the request body: " + e.getOriginalMessage());
        }
    }
}
