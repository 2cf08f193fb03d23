package dev.slipway.addon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.slipway.kit.HerokuError;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies are taken as bytes and parsed here, so that a body sent without a JSON content
 * type still works (as on Heroku) and broken JSON gets a useful 400.
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBody() {}

    /** The body as an object; none is {@code {}}; anything else is 400. */
    static JsonNode object(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw HerokuError.badRequest("Invalid JSON in the request body: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw HerokuError.badRequest("The request body must be a JSON object.");
        }
        return node;
    }

    /** A string field; absent or null is null, another type is 422. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HerokuError.invalidParams(field + " must be a string.");
        }
        return value.asText();
    }

    /** Heroku's "identity" fields: {@code {"plan": {"name": "x"}}}, {@code {"plan": {"id": "..."}}} or {@code {"plan": "x"}}. */
    static String nameOrText(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isObject()) {
            String name = text(value, "name");
            return name != null ? name : text(value, "id");
        }
        return text(body, field);
    }
}
