package dev.slipway.config.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.kit.HerokuError;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Request bodies are read as text and checked field by field, so a wrong type is a 422 naming the
 * field, and a missing body or Content-Type (as curl sends) is an empty object, not a 415.
 */
@ApplicationScoped
public class JsonBodies {
    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw HerokuError.badRequest("Invalid JSON in the request body: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw HerokuError.badRequest("The request body must be a JSON object.");
        }
        if (holdsNul(object)) {
            // PostgreSQL cannot store U+0000 in text: refused here, never half-written further on
            throw HerokuError.invalidParams("Text in the request body must not contain NUL characters (\\u0000).");
        }
        return object;
    }

    private static boolean holdsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        for (var fields = node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().indexOf('\0') >= 0 || holdsNul(field.getValue())) {
                return true;
            }
        }
        for (JsonNode element : node) {
            if (!node.isObject() && holdsNul(element)) {
                return true;
            }
        }
        return false;
    }

    /** A string field, null when absent or null; 422 when of another type. */
    public static String optionalString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HerokuError.invalidParams("The field " + field + " must be a string.");
        }
        return value.textValue();
    }

    public static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw HerokuError.invalidParams("The field " + field + " must be a boolean.");
        }
        return value.booleanValue();
    }
}
