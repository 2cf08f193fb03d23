package dev.slipway.kit;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request whose decoded path or query holds a control character ({@code %00}, {@code %0d%0a},
 * ...) names nothing Slipway has, and PostgreSQL refuses NUL in a query's text: it is answered
 * 400 here, before any resource sees it, in every service.
 */
public class ControlCharacterFilter {

    @ServerRequestFilter(preMatching = true)
    public Response refuseControlCharacters(ContainerRequestContext request) {
        var uri = request.getUriInfo();
        if (hasControl(uri.getPath(true)) || uri.getQueryParameters(true).entrySet().stream()
                .anyMatch(e -> hasControl(e.getKey()) || e.getValue().stream().anyMatch(ControlCharacterFilter::hasControl))) {
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(HerokuError.badRequest("The request path must not contain control characters.").body())
                    .build();
        }
        return null;
    }

    static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
