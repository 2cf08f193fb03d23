package dev.slipway.release.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.kit.HerokuError;
import dev.slipway.release.domain.DynoSize;
import dev.slipway.release.domain.FormationUpdate;

/**
 * Reads one formation update from JSON. The quantity may be a number or, as the heroku CLI sends
 * it, a string: {@code "2"} sets, {@code "+1"} and {@code "-1"} scale relative to now.
 */
final class FormationRequest {
    private FormationRequest() {}

    static FormationUpdate update(String type, JsonNode body) {
        JsonNode quantity = body.get("quantity");
        JsonNode size = body.get("size");
        boolean hasQuantity = quantity != null && !quantity.isNull();
        boolean hasSize = size != null && !size.isNull();
        if (!hasQuantity && !hasSize) {
            throw HerokuError.invalidParams("Give a quantity and/or a size for the process type " + type + ".");
        }
        if (hasSize && !size.isTextual()) {
            throw sizeError();
        }
        Integer amount = null;
        boolean relative = false;
        if (hasQuantity) {
            String text;
            if (quantity.isIntegralNumber() && quantity.canConvertToInt()) {
                text = quantity.asText();
            } else if (quantity.isTextual() && quantity.asText().trim().matches("[+-]?\\d{1,6}")) {
                text = quantity.asText().trim();
                relative = text.startsWith("+") || text.startsWith("-");
            } else {
                throw quantityError();
            }
            amount = Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
            if (!relative && amount < 0) {
                throw quantityError();
            }
        }
        return new FormationUpdate(type, amount, relative, hasSize ? size.asText() : null);
    }

    private static HerokuError quantityError() {
        return HerokuError.invalidParams("Quantity must be an integer between 0 and " + DynoSize.MAX_QUANTITY + ".");
    }

    private static HerokuError sizeError() {
        return HerokuError.invalidParams("Size must be one of: " + String.join(", ", DynoSize.ALL) + ".");
    }
}
