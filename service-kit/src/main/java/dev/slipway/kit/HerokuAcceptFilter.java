package dev.slipway.kit;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The heroku CLI asks for {@code application/vnd.heroku+json; version=3}; Heroku answers that with
 * plain JSON, so the request is negotiated as {@code application/json}. Every service gets this from the kit.
 */
public class HerokuAcceptFilter {

    @ServerRequestFilter(preMatching = true)
    public void acceptHerokuJson(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("vnd.heroku+json")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, "application/json");
        }
    }
}
